CREATE TABLE `attendees` (
	`id` text PRIMARY KEY NOT NULL,
	`badge_no` integer NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`category` text DEFAULT 'other' NOT NULL,
	`institution` text DEFAULT '' NOT NULL,
	`grade` text DEFAULT '' NOT NULL,
	`phone` text,
	`email` text,
	`language` text DEFAULT 'kk' NOT NULL,
	`consent` integer DEFAULT false NOT NULL,
	`external_ref` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendees_badge_no` ON `attendees` (`badge_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `attendees_external_ref` ON `attendees` (`external_ref`);--> statement-breakpoint
CREATE TABLE `badges` (
	`serial` text PRIMARY KEY NOT NULL,
	`attendee_id` text NOT NULL,
	`badge_no` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`attendee_id`) REFERENCES `attendees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `badges_attendee` ON `badges` (`attendee_id`);--> statement-breakpoint
CREATE TABLE `kiosks` (
	`id` text PRIMARY KEY NOT NULL,
	`station_id` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `scans` (
	`id` text PRIMARY KEY NOT NULL,
	`kiosk_id` text NOT NULL,
	`station_id` text NOT NULL,
	`badge_no` integer,
	`badge_serial` text,
	`at` integer NOT NULL,
	`client_at` integer,
	`outcome` text NOT NULL,
	`reason` text,
	`left_station` text,
	`answer` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scans_station_at` ON `scans` (`station_id`,`at`);--> statement-breakpoint
CREATE INDEX `scans_at` ON `scans` (`at`);--> statement-breakpoint
CREATE TABLE `station_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`station_id` text NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`value` text
);
--> statement-breakpoint
CREATE INDEX `station_actions_at` ON `station_actions` (`at`);--> statement-breakpoint
CREATE TABLE `stations` (
	`id` text PRIMARY KEY NOT NULL,
	`name_kk` text NOT NULL,
	`name_ru` text NOT NULL,
	`name_en` text NOT NULL,
	`group` text NOT NULL,
	`host` text NOT NULL,
	`capacity` integer NOT NULL,
	`mode` text NOT NULL,
	`session_minutes` integer NOT NULL,
	`max_stay_minutes` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`badge_no` integer NOT NULL,
	`station_id` text NOT NULL,
	`in_at` integer NOT NULL,
	`out_at` integer,
	`out_reason` text,
	`scan_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visits_scan` ON `visits` (`scan_id`,`station_id`);--> statement-breakpoint
CREATE INDEX `visits_open` ON `visits` (`badge_no`,`station_id`,`out_at`);--> statement-breakpoint
CREATE INDEX `visits_station` ON `visits` (`station_id`,`in_at`);