CREATE TABLE `staff_roles` (
	`user_id` text NOT NULL,
	`event_id` text DEFAULT '' NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`user_id`, `event_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Every account keeps the role it had, at the current event (or, before events were seeded, at the one seeded next).
INSERT INTO `staff_roles` (`user_id`, `event_id`, `role`) SELECT `id`, COALESCE((SELECT `id` FROM `events` WHERE `current`), ''), `role` FROM `users`;
