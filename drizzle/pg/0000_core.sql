CREATE TABLE "attendees" (
	"id" text PRIMARY KEY NOT NULL,
	"badge_no" integer NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"category" text DEFAULT 'other' NOT NULL,
	"institution" text DEFAULT '' NOT NULL,
	"grade" text DEFAULT '' NOT NULL,
	"phone" text,
	"email" text,
	"language" text DEFAULT 'kk' NOT NULL,
	"consent" boolean DEFAULT false NOT NULL,
	"external_ref" text,
	"created_at" bigint NOT NULL,
	"search_key" text
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"role" text NOT NULL,
	"user_id" text,
	"kiosk_id" text,
	"action" text NOT NULL,
	"target" text,
	"detail" text,
	"address" text
);
--> statement-breakpoint
CREATE TABLE "badges" (
	"serial" text PRIMARY KEY NOT NULL,
	"attendee_id" text NOT NULL,
	"badge_no" integer NOT NULL,
	"issued_at" bigint NOT NULL,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE TABLE "event_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kiosks" (
	"id" text PRIMARY KEY NOT NULL,
	"station_id" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	"revoked_at" bigint,
	"pairing_code_hash" text,
	"pairing_expires_at" bigint,
	"last_seen_at" bigint,
	"app_version" text,
	"pending" integer DEFAULT 0 NOT NULL,
	"camera" text,
	"battery_level" real,
	"battery_charging" boolean
);
--> statement-breakpoint
CREATE TABLE "scans" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"kiosk_id" text NOT NULL,
	"station_id" text NOT NULL,
	"badge_no" integer,
	"badge_serial" text,
	"at" bigint NOT NULL,
	"client_at" bigint,
	"outcome" text NOT NULL,
	"reason" text,
	"left_station" text,
	"answer" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "station_actions" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"station_id" text NOT NULL,
	"at" bigint NOT NULL,
	"action" text NOT NULL,
	"value" text
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" text PRIMARY KEY NOT NULL,
	"name_kk" text NOT NULL,
	"name_ru" text NOT NULL,
	"name_en" text NOT NULL,
	"group" text NOT NULL,
	"host" text NOT NULL,
	"capacity" integer NOT NULL,
	"mode" text NOT NULL,
	"session_minutes" integer NOT NULL,
	"max_stay_minutes" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text DEFAULT '' NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	"disabled_at" bigint,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"badge_no" integer NOT NULL,
	"station_id" text NOT NULL,
	"in_at" bigint NOT NULL,
	"out_at" bigint,
	"out_reason" text,
	"scan_id" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "badges" ADD CONSTRAINT "badges_attendee_id_attendees_id_fk" FOREIGN KEY ("attendee_id") REFERENCES "public"."attendees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosks" ADD CONSTRAINT "kiosks_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendees_badge_no" ON "attendees" USING btree ("badge_no");--> statement-breakpoint
CREATE UNIQUE INDEX "attendees_external_ref" ON "attendees" USING btree ("external_ref");--> statement-breakpoint
CREATE INDEX "attendees_search_key" ON "attendees" USING btree ("search_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "audit_log_at" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_user" ON "audit_log" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "badges_attendee" ON "badges" USING btree ("attendee_id");--> statement-breakpoint
CREATE INDEX "kiosks_token" ON "kiosks" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "scans_at" ON "scans" USING btree ("at","seq");--> statement-breakpoint
CREATE INDEX "station_actions_at" ON "station_actions" USING btree ("at","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_scan" ON "visits" USING btree ("scan_id","station_id");--> statement-breakpoint
CREATE INDEX "visits_open" ON "visits" USING btree ("badge_no","station_id","out_at");--> statement-breakpoint
CREATE INDEX "visits_station" ON "visits" USING btree ("station_id","in_at");