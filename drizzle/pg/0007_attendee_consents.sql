CREATE TABLE "attendee_consents" (
	"event_id" text NOT NULL,
	"badge_no" integer NOT NULL,
	"station_id" text NOT NULL,
	"given" boolean NOT NULL,
	"changed_at" bigint NOT NULL,
	CONSTRAINT "attendee_consents_event_id_badge_no_station_id_pk" PRIMARY KEY("event_id","badge_no","station_id")
);
