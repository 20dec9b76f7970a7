CREATE TABLE "printer_prints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"printer_id" uuid NOT NULL,
	"file" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"outcome" text,
	"job_id" uuid,
	"linked_by" text,
	"filament_mm" double precision,
	"progress" double precision,
	"message" text,
	CONSTRAINT "printer_prints_outcome_check" CHECK ("printer_prints"."outcome" is null or "printer_prints"."outcome" in ('finished', 'failed', 'cancelled')),
	CONSTRAINT "printer_prints_linked_by_check" CHECK ("printer_prints"."linked_by" is null or "printer_prints"."linked_by" in ('file', 'person')),
	CONSTRAINT "printer_prints_ended_check" CHECK (("printer_prints"."ended_at" is null) = ("printer_prints"."outcome" is null))
);
--> statement-breakpoint
ALTER TABLE "printer_live_state" ADD COLUMN "filament_mm" double precision;--> statement-breakpoint
ALTER TABLE "printer_prints" ADD CONSTRAINT "printer_prints_printer_id_printers_id_fk" FOREIGN KEY ("printer_id") REFERENCES "public"."printers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "printer_prints" ADD CONSTRAINT "printer_prints_job_id_print_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."print_jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "printer_prints_printer_idx" ON "printer_prints" USING btree ("printer_id","started_at");--> statement-breakpoint
CREATE INDEX "printer_prints_job_idx" ON "printer_prints" USING btree ("job_id");--> statement-breakpoint
CREATE UNIQUE INDEX "printer_prints_open_key" ON "printer_prints" USING btree ("printer_id") WHERE "printer_prints"."ended_at" is null;