CREATE TABLE "vibration_baselines" (
	"machine_id" uuid NOT NULL,
	"sensor_no" text NOT NULL,
	"recording_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"features" jsonb NOT NULL,
	"marked_by" uuid,
	"marked_by_name" text,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vibration_baselines_machine_id_sensor_no_pk" PRIMARY KEY("machine_id","sensor_no")
);
--> statement-breakpoint
CREATE TABLE "vibration_channel_diagnosis" (
	"recording_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"machine_id" uuid NOT NULL,
	"sensor_no" text NOT NULL,
	"label" smallint,
	"fault_type" smallint,
	"confidence" double precision,
	"problem" text,
	"votes" integer[] NOT NULL,
	"window_count" integer NOT NULL,
	"shaft_hz" double precision,
	"speed_estimated" boolean DEFAULT false NOT NULL,
	"velocity_rms" double precision,
	"iso_zone" text NOT NULL,
	"sample_rate" double precision,
	"resampled" boolean DEFAULT false NOT NULL,
	"baseline_source" text NOT NULL,
	"baseline_recording_id" uuid,
	"engine_version" text NOT NULL,
	"run_id" uuid,
	"diagnosed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vibration_channel_diagnosis_recording_id_channel_pk" PRIMARY KEY("recording_id","channel"),
	CONSTRAINT "vibration_channel_diagnosis_fault_check" CHECK ("vibration_channel_diagnosis"."fault_type" is null or "vibration_channel_diagnosis"."fault_type" between 0 and 3),
	CONSTRAINT "vibration_channel_diagnosis_baseline_check" CHECK ("vibration_channel_diagnosis"."baseline_source" in ('own_normal', 'marked', 'none'))
);
--> statement-breakpoint
CREATE TABLE "vibration_diagnosis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"machine_id" uuid NOT NULL,
	"machine_name" text NOT NULL,
	"sensor_no" text NOT NULL,
	"recording_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"window_index" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"fault_type" smallint NOT NULL,
	"confidence" double precision NOT NULL,
	"features" jsonb NOT NULL,
	"reason" jsonb NOT NULL,
	"velocity_rms" double precision,
	"iso_zone" text NOT NULL,
	"engine_version" text NOT NULL,
	"run_id" uuid,
	"diagnosed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vibration_diagnosis_fault_check" CHECK ("vibration_diagnosis"."fault_type" between 0 and 3),
	CONSTRAINT "vibration_diagnosis_zone_check" CHECK ("vibration_diagnosis"."iso_zone" in ('A', 'B', 'C', 'D', 'not_zoned'))
);
--> statement-breakpoint
CREATE TABLE "vibration_diagnosis_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recording_id" uuid NOT NULL,
	"import_id" uuid,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"error_detail" text,
	"requested_by" uuid,
	"requested_by_name" text,
	"window_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	CONSTRAINT "vibration_diagnosis_runs_status_check" CHECK ("vibration_diagnosis_runs"."status" in ('queued', 'running', 'done', 'failed')),
	CONSTRAINT "vibration_diagnosis_runs_trigger_check" CHECK ("vibration_diagnosis_runs"."trigger" in ('import', 'rediagnose', 'baseline'))
);
--> statement-breakpoint
ALTER TABLE "vibration_baselines" ADD CONSTRAINT "vibration_baselines_machine_id_vibration_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."vibration_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_baselines" ADD CONSTRAINT "vibration_baselines_recording_id_vibration_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."vibration_recordings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_baselines" ADD CONSTRAINT "vibration_baselines_marked_by_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_channel_diagnosis" ADD CONSTRAINT "vibration_channel_diagnosis_recording_id_vibration_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."vibration_recordings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_channel_diagnosis" ADD CONSTRAINT "vibration_channel_diagnosis_machine_id_vibration_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."vibration_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_channel_diagnosis" ADD CONSTRAINT "vibration_channel_diagnosis_run_id_vibration_diagnosis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."vibration_diagnosis_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_diagnosis" ADD CONSTRAINT "vibration_diagnosis_machine_id_vibration_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."vibration_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_diagnosis" ADD CONSTRAINT "vibration_diagnosis_recording_id_vibration_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."vibration_recordings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_diagnosis" ADD CONSTRAINT "vibration_diagnosis_run_id_vibration_diagnosis_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."vibration_diagnosis_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_diagnosis_runs" ADD CONSTRAINT "vibration_diagnosis_runs_recording_id_vibration_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."vibration_recordings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_diagnosis_runs" ADD CONSTRAINT "vibration_diagnosis_runs_import_id_vibration_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."vibration_imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_diagnosis_runs" ADD CONSTRAINT "vibration_diagnosis_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vibration_channel_diagnosis_machine_idx" ON "vibration_channel_diagnosis" USING btree ("machine_id","sensor_no");--> statement-breakpoint
CREATE INDEX "vibration_diagnosis_latest_idx" ON "vibration_diagnosis" USING btree ("machine_id","detected_at","fault_type");--> statement-breakpoint
CREATE INDEX "vibration_diagnosis_detected_idx" ON "vibration_diagnosis" USING btree ("detected_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "vibration_diagnosis_window_key" ON "vibration_diagnosis" USING btree ("recording_id","channel","window_index");--> statement-breakpoint
CREATE INDEX "vibration_diagnosis_runs_queue_idx" ON "vibration_diagnosis_runs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "vibration_diagnosis_runs_import_idx" ON "vibration_diagnosis_runs" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "vibration_diagnosis_runs_recording_idx" ON "vibration_diagnosis_runs" USING btree ("recording_id","created_at");