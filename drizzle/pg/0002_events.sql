-- Rows written before events existed get the event seeded from EVENT_FILE at start (server/db/events.ts).
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"name_kk" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"venue" text NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"definition" text NOT NULL,
	"current" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "kiosks" DROP CONSTRAINT "kiosks_station_id_stations_id_fk";
--> statement-breakpoint
DROP INDEX "attendees_badge_no";--> statement-breakpoint
DROP INDEX "attendees_external_ref";--> statement-breakpoint
ALTER TABLE "stations" DROP CONSTRAINT "stations_pkey";--> statement-breakpoint
ALTER TABLE "attendees" ADD COLUMN "event_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "event_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "badges" ADD COLUMN "event_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "kiosks" ADD COLUMN "event_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "event_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "station_actions" ADD COLUMN "event_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "event_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "visits" ADD COLUMN "event_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_event_id_id_pk" PRIMARY KEY("event_id","id");--> statement-breakpoint
ALTER TABLE "kiosks" ADD CONSTRAINT "kiosks_event_id_station_id_stations_event_id_id_fk" FOREIGN KEY ("event_id","station_id") REFERENCES "public"."stations"("event_id","id") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
CREATE UNIQUE INDEX "attendees_badge_no" ON "attendees" USING btree ("event_id","badge_no");--> statement-breakpoint
CREATE UNIQUE INDEX "attendees_external_ref" ON "attendees" USING btree ("event_id","external_ref");