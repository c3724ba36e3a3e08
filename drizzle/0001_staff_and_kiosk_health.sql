CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text DEFAULT '' NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`disabled_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
ALTER TABLE `kiosks` ADD `pairing_code_hash` text;--> statement-breakpoint
ALTER TABLE `kiosks` ADD `pairing_expires_at` integer;--> statement-breakpoint
ALTER TABLE `kiosks` ADD `last_seen_at` integer;--> statement-breakpoint
ALTER TABLE `kiosks` ADD `app_version` text;--> statement-breakpoint
ALTER TABLE `kiosks` ADD `pending` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `kiosks` ADD `camera` text;