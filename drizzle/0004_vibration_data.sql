CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"scope" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_scope_check" CHECK ("api_tokens"."scope" in ('read', 'write'))
);
--> statement-breakpoint
CREATE TABLE "vibration_blocks" (
	"recording_id" uuid NOT NULL,
	"channel" smallint NOT NULL,
	"block_no" integer NOT NULL,
	"sample_count" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "vibration_blocks_recording_id_channel_block_no_pk" PRIMARY KEY("recording_id","channel","block_no")
);
--> statement-breakpoint
CREATE TABLE "vibration_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" bigint DEFAULT 0 NOT NULL,
	"content_hash" text,
	"layout" text,
	"machine_id" uuid,
	"sensor_no" text,
	"dedupe_key" text,
	"rows_imported" integer DEFAULT 0 NOT NULL,
	"rows_skipped" integer DEFAULT 0 NOT NULL,
	"recording_count" integer DEFAULT 0 NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"message" text,
	"message_params" jsonb,
	"status" text DEFAULT 'running' NOT NULL,
	"user_id" uuid,
	"username" text,
	"token_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	CONSTRAINT "vibration_imports_status_check" CHECK ("vibration_imports"."status" in ('running', 'succeeded', 'failed', 'duplicate'))
);
--> statement-breakpoint
CREATE TABLE "vibration_machines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"nominal_rpm" integer,
	"signal_unit" text DEFAULT 'unknown' NOT NULL,
	"iso_group" text,
	"iso_foundation" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "vibration_machines_unit_check" CHECK ("vibration_machines"."signal_unit" in ('acceleration_ms2', 'acceleration_g', 'velocity_mms', 'unknown')),
	CONSTRAINT "vibration_machines_group_check" CHECK ("vibration_machines"."iso_group" is null or "vibration_machines"."iso_group" in ('group1', 'group2')),
	CONSTRAINT "vibration_machines_foundation_check" CHECK ("vibration_machines"."iso_foundation" is null or "vibration_machines"."iso_foundation" in ('rigid', 'flexible')),
	CONSTRAINT "vibration_machines_rpm_check" CHECK ("vibration_machines"."nominal_rpm" is null or "vibration_machines"."nominal_rpm" > 0)
);
--> statement-breakpoint
CREATE TABLE "vibration_recordings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"machine_id" uuid NOT NULL,
	"sensor_no" text NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"import_id" uuid,
	"channels" text[] NOT NULL,
	"block_size" integer NOT NULL,
	"sample_count" integer NOT NULL,
	"first_time" double precision NOT NULL,
	"last_time" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vibration_sensors" (
	"machine_id" uuid NOT NULL,
	"sensor_no" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vibration_sensors_machine_id_sensor_no_pk" PRIMARY KEY("machine_id","sensor_no")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_blocks" ADD CONSTRAINT "vibration_blocks_recording_id_vibration_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."vibration_recordings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_imports" ADD CONSTRAINT "vibration_imports_machine_id_vibration_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."vibration_machines"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_imports" ADD CONSTRAINT "vibration_imports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_recordings" ADD CONSTRAINT "vibration_recordings_machine_id_vibration_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."vibration_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_recordings" ADD CONSTRAINT "vibration_recordings_import_id_vibration_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."vibration_imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_sensors" ADD CONSTRAINT "vibration_sensors_machine_id_vibration_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."vibration_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "vibration_imports_dedupe_key" ON "vibration_imports" USING btree ("dedupe_key") WHERE "vibration_imports"."status" = 'succeeded';--> statement-breakpoint
CREATE INDEX "vibration_imports_started_idx" ON "vibration_imports" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "vibration_imports_batch_idx" ON "vibration_imports" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vibration_machines_name_key" ON "vibration_machines" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "vibration_recordings_identity_key" ON "vibration_recordings" USING btree ("machine_id","sensor_no","collected_at");--> statement-breakpoint
CREATE INDEX "vibration_recordings_order_idx" ON "vibration_recordings" USING btree ("collected_at","id");--> statement-breakpoint
CREATE INDEX "vibration_recordings_import_idx" ON "vibration_recordings" USING btree ("import_id");