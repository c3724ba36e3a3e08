ALTER TABLE `attendees` ADD `search_key` text;--> statement-breakpoint
CREATE VIRTUAL TABLE `attendees_search` USING fts5(`search_key`, content='attendees', content_rowid='rowid', tokenize='unicode61', prefix='1 2 3');
--> statement-breakpoint
CREATE TRIGGER `attendees_search_insert` AFTER INSERT ON `attendees` BEGIN
  INSERT INTO `attendees_search`(rowid, `search_key`) VALUES (new.rowid, new.`search_key`);
END;
--> statement-breakpoint
CREATE TRIGGER `attendees_search_delete` AFTER DELETE ON `attendees` BEGIN
  INSERT INTO `attendees_search`(`attendees_search`, rowid, `search_key`) VALUES ('delete', old.rowid, old.`search_key`);
END;
--> statement-breakpoint
CREATE TRIGGER `attendees_search_update` AFTER UPDATE OF `search_key` ON `attendees` BEGIN
  INSERT INTO `attendees_search`(`attendees_search`, rowid, `search_key`) VALUES ('delete', old.rowid, old.`search_key`);
  INSERT INTO `attendees_search`(rowid, `search_key`) VALUES (new.rowid, new.`search_key`);
END;
