DROP INDEX `audit_log_at`;--> statement-breakpoint
DROP INDEX `audit_log_user`;--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`event_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_user` ON `audit_log` (`event_id`,`user_id`,`id`);--> statement-breakpoint
DROP INDEX `scans_at`;--> statement-breakpoint
CREATE INDEX `scans_at` ON `scans` (`event_id`,`at`);--> statement-breakpoint
DROP INDEX `station_actions_at`;--> statement-breakpoint
CREATE INDEX `station_actions_at` ON `station_actions` (`event_id`,`at`);--> statement-breakpoint
DROP INDEX `visits_open`;--> statement-breakpoint
DROP INDEX `visits_station`;--> statement-breakpoint
CREATE INDEX `visits_open` ON `visits` (`event_id`,`badge_no`,`station_id`,`out_at`);--> statement-breakpoint
CREATE INDEX `visits_station` ON `visits` (`event_id`,`station_id`,`in_at`);