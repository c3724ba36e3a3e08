CREATE TABLE "staff_roles" (
	"user_id" text NOT NULL,
	"event_id" text DEFAULT '' NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "staff_roles_user_id_event_id_pk" PRIMARY KEY("user_id","event_id")
);
--> statement-breakpoint
ALTER TABLE "staff_roles" ADD CONSTRAINT "staff_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Every account keeps the role it had, at the current event (or, before events were seeded, at the one seeded next).
INSERT INTO "staff_roles" ("user_id", "event_id", "role") SELECT "id", COALESCE((SELECT "id" FROM "events" WHERE "current"), ''), "role" FROM "users";
