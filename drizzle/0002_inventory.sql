CREATE TABLE "filaments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"material" text NOT NULL,
	"colour_name" text NOT NULL,
	"colour_hex" text NOT NULL,
	"brand" text NOT NULL,
	"diameter_mm" numeric(4, 2) DEFAULT '1.75' NOT NULL,
	"density_g_per_cm3" numeric(5, 3) DEFAULT '1.240' NOT NULL,
	"cost_per_kg" numeric(10, 2),
	"low_stock_grams" numeric(12, 1) DEFAULT '0' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "filaments_colour_hex_check" CHECK ("filaments"."colour_hex" ~ '^#[0-9a-f]{6}$'),
	CONSTRAINT "filaments_diameter_check" CHECK ("filaments"."diameter_mm" > 0),
	CONSTRAINT "filaments_density_check" CHECK ("filaments"."density_g_per_cm3" > 0),
	CONSTRAINT "filaments_cost_check" CHECK ("filaments"."cost_per_kg" is null or "filaments"."cost_per_kg" >= 0),
	CONSTRAINT "filaments_low_stock_check" CHECK ("filaments"."low_stock_grams" >= 0)
);
--> statement-breakpoint
CREATE TABLE "spool_usage" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "spool_usage_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"spool_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"delta_grams" numeric(12, 1) NOT NULL,
	"remaining_grams" numeric(12, 1) NOT NULL,
	"gross_grams" numeric(12, 1),
	"job_id" text,
	"user_id" uuid,
	"username" text,
	CONSTRAINT "spool_usage_kind_check" CHECK ("spool_usage"."kind" in ('receive', 'weigh', 'deduct', 'correct', 'consume')),
	CONSTRAINT "spool_usage_remaining_check" CHECK ("spool_usage"."remaining_grams" >= 0)
);
--> statement-breakpoint
CREATE TABLE "spools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"filament_id" uuid NOT NULL,
	"batch" text DEFAULT '' NOT NULL,
	"initial_net_grams" numeric(12, 1) NOT NULL,
	"remaining_grams" numeric(12, 1) NOT NULL,
	"tare_grams" numeric(12, 1) DEFAULT '0' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"received_on" date,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "spools_remaining_check" CHECK ("spools"."remaining_grams" >= 0),
	CONSTRAINT "spools_initial_net_check" CHECK ("spools"."initial_net_grams" >= 0),
	CONSTRAINT "spools_tare_check" CHECK ("spools"."tare_grams" >= 0),
	CONSTRAINT "spools_status_check" CHECK ("spools"."status" in ('active', 'empty', 'archived'))
);
--> statement-breakpoint
ALTER TABLE "spool_usage" ADD CONSTRAINT "spool_usage_spool_id_spools_id_fk" FOREIGN KEY ("spool_id") REFERENCES "public"."spools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spool_usage" ADD CONSTRAINT "spool_usage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spools" ADD CONSTRAINT "spools_filament_id_filaments_id_fk" FOREIGN KEY ("filament_id") REFERENCES "public"."filaments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "filaments_material_colour_brand_key" ON "filaments" USING btree (lower("material"),lower("colour_name"),lower("brand"));--> statement-breakpoint
CREATE INDEX "spool_usage_spool_idx" ON "spool_usage" USING btree ("spool_id","at");--> statement-breakpoint
CREATE INDEX "spools_filament_idx" ON "spools" USING btree ("filament_id","status");--> statement-breakpoint
CREATE INDEX "spools_status_idx" ON "spools" USING btree ("status");