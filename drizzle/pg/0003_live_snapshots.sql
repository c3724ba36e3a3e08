-- A snapshot of the live state per event, as replaying the log up to a position gives it (server/live/snapshot.ts): a start replays only the log after it.
CREATE TABLE "live_snapshots" (
	"event_id" text PRIMARY KEY NOT NULL,
	"format" integer NOT NULL,
	"taken_at" bigint NOT NULL,
	"body" text NOT NULL
);
