CREATE TABLE "programme_times" (
	"event_id" text NOT NULL,
	"item_id" text NOT NULL,
	"start" text NOT NULL,
	"end" text NOT NULL,
	"changed_at" bigint NOT NULL,
	CONSTRAINT "programme_times_event_id_item_id_pk" PRIMARY KEY("event_id","item_id")
);
