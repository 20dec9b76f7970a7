CREATE TABLE "maintenance_intervals" (
	"printer_id" uuid NOT NULL,
	"type" text NOT NULL,
	"every_print_hours" numeric(8, 1),
	"every_days" integer,
	CONSTRAINT "maintenance_intervals_printer_id_type_pk" PRIMARY KEY("printer_id","type"),
	CONSTRAINT "maintenance_intervals_type_check" CHECK ("maintenance_intervals"."type" in ('nozzle_change', 'bed_levelling', 'belt_tension', 'lubrication', 'cleaning', 'firmware', 'part_replacement', 'other')),
	CONSTRAINT "maintenance_intervals_hours_check" CHECK ("maintenance_intervals"."every_print_hours" is null or "maintenance_intervals"."every_print_hours" > 0),
	CONSTRAINT "maintenance_intervals_days_check" CHECK ("maintenance_intervals"."every_days" is null or "maintenance_intervals"."every_days" > 0),
	CONSTRAINT "maintenance_intervals_some_check" CHECK ("maintenance_intervals"."every_print_hours" is not null or "maintenance_intervals"."every_days" is not null)
);
--> statement-breakpoint
CREATE TABLE "maintenance_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"printer_id" uuid NOT NULL,
	"type" text NOT NULL,
	"performed_on" date NOT NULL,
	"print_hours" numeric(10, 1) NOT NULL,
	"parts" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"performed_by" uuid,
	"performed_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "maintenance_log_type_check" CHECK ("maintenance_log"."type" in ('nozzle_change', 'bed_levelling', 'belt_tension', 'lubrication', 'cleaning', 'firmware', 'part_replacement', 'other')),
	CONSTRAINT "maintenance_log_print_hours_check" CHECK ("maintenance_log"."print_hours" >= 0)
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"printer_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "maintenance_windows_order_check" CHECK ("maintenance_windows"."ends_at" > "maintenance_windows"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "printers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" text NOT NULL,
	"name" text NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"serial" text DEFAULT '' NOT NULL,
	"purchase_date" date,
	"location" text DEFAULT '' NOT NULL,
	"nozzle_diameter_mm" numeric(4, 2) DEFAULT '0.40' NOT NULL,
	"materials" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"calendar" jsonb NOT NULL,
	"print_hours" numeric(10, 1) DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "printers_status_check" CHECK ("printers"."status" in ('active', 'maintenance', 'retired')),
	CONSTRAINT "printers_print_hours_check" CHECK ("printers"."print_hours" >= 0),
	CONSTRAINT "printers_nozzle_check" CHECK ("printers"."nozzle_diameter_mm" > 0)
);
--> statement-breakpoint
ALTER TABLE "maintenance_intervals" ADD CONSTRAINT "maintenance_intervals_printer_id_printers_id_fk" FOREIGN KEY ("printer_id") REFERENCES "public"."printers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_log" ADD CONSTRAINT "maintenance_log_printer_id_printers_id_fk" FOREIGN KEY ("printer_id") REFERENCES "public"."printers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_log" ADD CONSTRAINT "maintenance_log_performed_by_users_id_fk" FOREIGN KEY ("performed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_printer_id_printers_id_fk" FOREIGN KEY ("printer_id") REFERENCES "public"."printers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "maintenance_log_printer_idx" ON "maintenance_log" USING btree ("printer_id","performed_on");--> statement-breakpoint
CREATE INDEX "maintenance_windows_printer_idx" ON "maintenance_windows" USING btree ("printer_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "printers_asset_id_key" ON "printers" USING btree ("asset_id");