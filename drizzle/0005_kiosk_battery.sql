ALTER TABLE `kiosks` ADD `battery_level` real;--> statement-breakpoint
ALTER TABLE `kiosks` ADD `battery_charging` integer;