-- Statistics and dashboard (docs/decisions/008-statistics.md). Written by hand (drizzle-kit generate --custom): both
-- indexes are on the scheduling module's table and are not declared in db/schema.
--
-- The jobs of a reporting period are found by their actual end (recorded output per day, material, product and
-- printer; printer utilisation's "ran in the period" test).
CREATE INDEX IF NOT EXISTS "print_jobs_actual_end_idx" ON "print_jobs" USING btree ("actual_end");--> statement-breakpoint
-- Good units recorded per order (the dashboard's open orders): on PostgreSQL, once autovacuum has marked the pages
-- all-visible, an index-only scan instead of reading every job row.
CREATE INDEX IF NOT EXISTS "print_jobs_order_output_idx" ON "print_jobs" USING btree ("order_id") INCLUDE ("good_units") WHERE "status" IN ('done', 'failed');
