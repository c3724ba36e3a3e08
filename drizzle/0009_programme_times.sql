CREATE TABLE `programme_times` (
	`event_id` text NOT NULL,
	`item_id` text NOT NULL,
	`start` text NOT NULL,
	`end` text NOT NULL,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `item_id`)
);
