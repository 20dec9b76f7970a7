CREATE TABLE "images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mime" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"thumb_width" integer NOT NULL,
	"thumb_height" integer NOT NULL,
	"thumb_bytes" "bytea" NOT NULL,
	"original_name" text DEFAULT '' NOT NULL,
	"original_mime" text NOT NULL,
	"original_size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "images_mime_check" CHECK ("images"."mime" in ('image/webp', 'image/jpeg', 'image/png'))
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"customer" text DEFAULT '' NOT NULL,
	"product_id" uuid NOT NULL,
	"target_quantity" integer NOT NULL,
	"stock_on_hand" integer DEFAULT 0 NOT NULL,
	"due_date" date,
	"priority" smallint DEFAULT 1 NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"photo_id" uuid,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "orders_target_check" CHECK ("orders"."target_quantity" > 0),
	CONSTRAINT "orders_stock_check" CHECK ("orders"."stock_on_hand" >= 0),
	CONSTRAINT "orders_priority_check" CHECK ("orders"."priority" between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"filament_id" uuid,
	"grams_per_unit" numeric(10, 2) NOT NULL,
	"print_minutes_per_plate" integer NOT NULL,
	"units_per_plate" integer DEFAULT 1 NOT NULL,
	"waste_pct" numeric(5, 1) DEFAULT '0' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"photo_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "products_grams_check" CHECK ("products"."grams_per_unit" > 0),
	CONSTRAINT "products_minutes_check" CHECK ("products"."print_minutes_per_plate" > 0),
	CONSTRAINT "products_units_check" CHECK ("products"."units_per_plate" > 0),
	CONSTRAINT "products_waste_check" CHECK ("products"."waste_pct" >= 0 and "products"."waste_pct" <= 100)
);
--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_photo_id_images_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."images"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_filament_id_filaments_id_fk" FOREIGN KEY ("filament_id") REFERENCES "public"."filaments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_photo_id_images_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."images"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_product_idx" ON "orders" USING btree ("product_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_due_idx" ON "orders" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "products_name_key" ON "products" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "products_filament_idx" ON "products" USING btree ("filament_id");