CREATE TABLE `attendee_consents` (
	`event_id` text NOT NULL,
	`badge_no` integer NOT NULL,
	`station_id` text NOT NULL,
	`given` integer NOT NULL,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `badge_no`, `station_id`)
);
