ALTER TABLE "maintenance_log" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "maintenance_log" ADD COLUMN "removed_by_name" text;--> statement-breakpoint
ALTER TABLE "maintenance_log" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "maintenance_log" ADD CONSTRAINT "maintenance_log_removed_check" CHECK (("maintenance_log"."removed_at" is null) = ("maintenance_log"."removed_by_name" is null));