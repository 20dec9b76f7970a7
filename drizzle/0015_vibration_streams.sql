CREATE TABLE "vibration_stream_gaps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"machine_id" uuid NOT NULL,
	"sensor_no" text NOT NULL,
	"from_at" timestamp (3) with time zone NOT NULL,
	"to_at" timestamp (3) with time zone NOT NULL,
	"missing_from" bigint,
	"missing_to" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vibration_streams" (
	"machine_id" uuid NOT NULL,
	"sensor_no" text NOT NULL,
	"topic" text NOT NULL,
	"last_seq" bigint,
	"last_sample_ms" double precision,
	"recording_id" uuid,
	"opened_ms" double precision,
	"rate_hz" double precision,
	"messages" bigint DEFAULT 0 NOT NULL,
	"samples" bigint DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"gaps" integer DEFAULT 0 NOT NULL,
	"malformed" integer DEFAULT 0 NOT NULL,
	"resets" integer DEFAULT 0 NOT NULL,
	"windows" integer DEFAULT 0 NOT NULL,
	"tally" jsonb,
	"last_message_at" timestamp with time zone,
	"last_window_at" timestamp with time zone,
	"last_problem" text,
	"last_problem_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vibration_streams_machine_id_sensor_no_pk" PRIMARY KEY("machine_id","sensor_no")
);
--> statement-breakpoint
ALTER TABLE "vibration_stream_gaps" ADD CONSTRAINT "vibration_stream_gaps_machine_id_vibration_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."vibration_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_streams" ADD CONSTRAINT "vibration_streams_machine_id_vibration_machines_id_fk" FOREIGN KEY ("machine_id") REFERENCES "public"."vibration_machines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_streams" ADD CONSTRAINT "vibration_streams_recording_id_vibration_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."vibration_recordings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vibration_stream_gaps_sensor_idx" ON "vibration_stream_gaps" USING btree ("machine_id","sensor_no","from_at");