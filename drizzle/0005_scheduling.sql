CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE TABLE "print_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"printer_id" uuid NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"locked" boolean DEFAULT false NOT NULL,
	"source" text DEFAULT 'auto' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"units" integer NOT NULL,
	"units_per_plate" integer NOT NULL,
	"minutes_per_plate" integer NOT NULL,
	"grams_per_unit" numeric(10, 2) NOT NULL,
	"filament_id" uuid,
	"material" text DEFAULT '' NOT NULL,
	"colour" text DEFAULT '' NOT NULL,
	"actual_start" timestamp with time zone,
	"actual_end" timestamp with time zone,
	"good_units" integer,
	"scrap_units" integer,
	"grams_used" numeric(12, 1),
	"spool_id" uuid,
	"started_by" uuid,
	"finished_by" uuid,
	"finished_by_name" text,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "print_jobs_status_check" CHECK ("print_jobs"."status" in ('planned', 'printing', 'done', 'failed', 'cancelled')),
	CONSTRAINT "print_jobs_source_check" CHECK ("print_jobs"."source" in ('auto', 'manual')),
	CONSTRAINT "print_jobs_span_check" CHECK ("print_jobs"."ends_at" > "print_jobs"."starts_at"),
	CONSTRAINT "print_jobs_units_check" CHECK ("print_jobs"."units" > 0 and "print_jobs"."units" <= "print_jobs"."units_per_plate"),
	CONSTRAINT "print_jobs_plate_check" CHECK ("print_jobs"."units_per_plate" > 0 and "print_jobs"."minutes_per_plate" > 0),
	CONSTRAINT "print_jobs_good_check" CHECK ("print_jobs"."good_units" is null or "print_jobs"."good_units" >= 0),
	CONSTRAINT "print_jobs_scrap_check" CHECK ("print_jobs"."scrap_units" is null or "print_jobs"."scrap_units" >= 0),
	CONSTRAINT "print_jobs_output_check" CHECK (coalesce("print_jobs"."good_units", 0) + coalesce("print_jobs"."scrap_units", 0) <= "print_jobs"."units_per_plate"),
	CONSTRAINT "print_jobs_grams_check" CHECK ("print_jobs"."grams_used" is null or "print_jobs"."grams_used" >= 0),
	CONSTRAINT "print_jobs_actual_check" CHECK ("print_jobs"."actual_end" is null or ("print_jobs"."actual_start" is not null and "print_jobs"."actual_end" >= "print_jobs"."actual_start"))
);
--> statement-breakpoint
CREATE TABLE "product_stock_moves" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "product_stock_moves_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"product_id" uuid NOT NULL,
	"units" integer NOT NULL,
	"kind" text NOT NULL,
	"order_id" uuid,
	"job_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"username" text,
	CONSTRAINT "product_stock_moves_kind_check" CHECK ("product_stock_moves"."kind" in ('overproduction', 'draw'))
);
--> statement-breakpoint
ALTER TABLE "printers" ADD COLUMN "changeover_minutes" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_printer_id_printers_id_fk" FOREIGN KEY ("printer_id") REFERENCES "public"."printers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_filament_id_filaments_id_fk" FOREIGN KEY ("filament_id") REFERENCES "public"."filaments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_spool_id_spools_id_fk" FOREIGN KEY ("spool_id") REFERENCES "public"."spools"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_finished_by_users_id_fk" FOREIGN KEY ("finished_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stock_moves" ADD CONSTRAINT "product_stock_moves_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stock_moves" ADD CONSTRAINT "product_stock_moves_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stock_moves" ADD CONSTRAINT "product_stock_moves_job_id_print_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."print_jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stock_moves" ADD CONSTRAINT "product_stock_moves_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "print_jobs_printer_idx" ON "print_jobs" USING btree ("printer_id","starts_at");--> statement-breakpoint
CREATE INDEX "print_jobs_order_idx" ON "print_jobs" USING btree ("order_id","status");--> statement-breakpoint
CREATE INDEX "print_jobs_status_idx" ON "print_jobs" USING btree ("status","starts_at");--> statement-breakpoint
CREATE INDEX "print_jobs_product_end_idx" ON "print_jobs" USING btree ("product_id","actual_end");--> statement-breakpoint
CREATE INDEX "product_stock_moves_product_idx" ON "product_stock_moves" USING btree ("product_id","at");--> statement-breakpoint
CREATE INDEX "product_stock_moves_order_idx" ON "product_stock_moves" USING btree ("order_id");--> statement-breakpoint
ALTER TABLE "printers" ADD CONSTRAINT "printers_changeover_check" CHECK ("printers"."changeover_minutes" between 0 and 1440);--> statement-breakpoint
-- Added by hand (drizzle-kit cannot express EXCLUDE): two live jobs never overlap on one printer, whatever the race.
-- DEFERRABLE so "Apply plan" can move several jobs within one transaction and be checked at commit.
ALTER TABLE "print_jobs" ADD CONSTRAINT "print_jobs_no_overlap" EXCLUDE USING gist ("printer_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("status" IN ('planned', 'printing')) DEFERRABLE INITIALLY IMMEDIATE;
