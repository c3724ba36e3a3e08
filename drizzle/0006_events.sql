-- Rows written before events existed get the event seeded from EVENT_FILE at start (server/db/events.ts).
-- Foreign keys are off while migrations run (openDatabase in server/db/client.ts): stations and kiosks are rebuilt.
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`name_kk` text NOT NULL,
	`name_ru` text NOT NULL,
	`name_en` text NOT NULL,
	`venue` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`definition` text NOT NULL,
	`current` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `__new_stations` (
	`id` text NOT NULL,
	`event_id` text DEFAULT '' NOT NULL,
	`name_kk` text NOT NULL,
	`name_ru` text NOT NULL,
	`name_en` text NOT NULL,
	`group` text NOT NULL,
	`host` text NOT NULL,
	`capacity` integer NOT NULL,
	`mode` text NOT NULL,
	`session_minutes` integer NOT NULL,
	`max_stay_minutes` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	PRIMARY KEY(`event_id`, `id`)
);
--> statement-breakpoint
INSERT INTO `__new_stations`("id", "event_id", "name_kk", "name_ru", "name_en", "group", "host", "capacity", "mode", "session_minutes", "max_stay_minutes", "status") SELECT "id", '', "name_kk", "name_ru", "name_en", "group", "host", "capacity", "mode", "session_minutes", "max_stay_minutes", "status" FROM `stations`;
--> statement-breakpoint
DROP TABLE `stations`;
--> statement-breakpoint
ALTER TABLE `__new_stations` RENAME TO `stations`;
--> statement-breakpoint
CREATE TABLE `__new_kiosks` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text DEFAULT '' NOT NULL,
	`station_id` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	`pairing_code_hash` text,
	`pairing_expires_at` integer,
	`last_seen_at` integer,
	`app_version` text,
	`pending` integer DEFAULT 0 NOT NULL,
	`camera` text,
	`battery_level` real,
	`battery_charging` integer,
	FOREIGN KEY (`event_id`,`station_id`) REFERENCES `stations`(`event_id`,`id`) ON UPDATE cascade ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_kiosks`("id", "event_id", "station_id", "label", "token_hash", "created_at", "revoked_at", "pairing_code_hash", "pairing_expires_at", "last_seen_at", "app_version", "pending", "camera", "battery_level", "battery_charging") SELECT "id", '', "station_id", "label", "token_hash", "created_at", "revoked_at", "pairing_code_hash", "pairing_expires_at", "last_seen_at", "app_version", "pending", "camera", "battery_level", "battery_charging" FROM `kiosks`;
--> statement-breakpoint
DROP TABLE `kiosks`;
--> statement-breakpoint
ALTER TABLE `__new_kiosks` RENAME TO `kiosks`;
--> statement-breakpoint
DROP INDEX `attendees_badge_no`;
--> statement-breakpoint
DROP INDEX `attendees_external_ref`;
--> statement-breakpoint
ALTER TABLE `attendees` ADD `event_id` text DEFAULT '' NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX `attendees_badge_no` ON `attendees` (`event_id`,`badge_no`);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendees_external_ref` ON `attendees` (`event_id`,`external_ref`);
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `event_id` text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE `badges` ADD `event_id` text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE `scans` ADD `event_id` text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE `station_actions` ADD `event_id` text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE `visits` ADD `event_id` text DEFAULT '' NOT NULL;
