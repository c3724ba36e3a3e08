DROP INDEX "audit_log_at";--> statement-breakpoint
DROP INDEX "audit_log_user";--> statement-breakpoint
DROP INDEX "scans_at";--> statement-breakpoint
DROP INDEX "station_actions_at";--> statement-breakpoint
DROP INDEX "visits_open";--> statement-breakpoint
DROP INDEX "visits_station";--> statement-breakpoint
CREATE INDEX "audit_log_at" ON "audit_log" USING btree ("event_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_user" ON "audit_log" USING btree ("event_id","user_id","id");--> statement-breakpoint
CREATE INDEX "scans_at" ON "scans" USING btree ("event_id","at","seq");--> statement-breakpoint
CREATE INDEX "station_actions_at" ON "station_actions" USING btree ("event_id","at","seq");--> statement-breakpoint
CREATE INDEX "visits_open" ON "visits" USING btree ("event_id","badge_no","station_id","out_at");--> statement-breakpoint
CREATE INDEX "visits_station" ON "visits" USING btree ("event_id","station_id","in_at");