CREATE TABLE "vibration_retention_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"cutoff" date NOT NULL,
	"retention_days" integer NOT NULL,
	"partitions_dropped" integer DEFAULT 0 NOT NULL,
	"blocks_removed" bigint DEFAULT 0 NOT NULL,
	"blocks_kept" bigint DEFAULT 0 NOT NULL,
	"recordings_expired" integer DEFAULT 0 NOT NULL,
	"partitions_created" integer DEFAULT 0 NOT NULL,
	"error" text,
	"requested_by" uuid,
	"requested_by_name" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vibration_retention_runs_trigger_check" CHECK ("vibration_retention_runs"."trigger" in ('schedule', 'manual')),
	CONSTRAINT "vibration_retention_runs_status_check" CHECK ("vibration_retention_runs"."status" in ('done', 'failed'))
);
--> statement-breakpoint
-- vibration_blocks becomes a partitioned table (written by hand: drizzle-kit cannot express partitions). Kept blocks
-- (behind fault windows and baselines) in vibration_blocks_kept; the others by the UTC week (from Monday) of stored_on in
-- vibration_blocks_raw_w<yyyymmdd>, made ahead by the retention job; a default partition catches anything outside them.
-- Existing blocks are stored on their recording's creation day.
ALTER TABLE "vibration_blocks" RENAME TO "vibration_blocks_unpartitioned";--> statement-breakpoint
ALTER TABLE "vibration_blocks_unpartitioned" DROP CONSTRAINT "vibration_blocks_recording_id_vibration_recordings_id_fk";--> statement-breakpoint
ALTER TABLE "vibration_blocks_unpartitioned" RENAME CONSTRAINT "vibration_blocks_recording_id_channel_block_no_pk" TO "vibration_blocks_unpartitioned_pk";--> statement-breakpoint
CREATE TABLE "vibration_blocks" (
	"recording_id" uuid NOT NULL,
	"channel" smallint NOT NULL,
	"block_no" integer NOT NULL,
	"sample_count" integer NOT NULL,
	"data" bytea NOT NULL,
	"stored_on" date DEFAULT ((now() at time zone 'utc')::date) NOT NULL,
	"kept" boolean DEFAULT false NOT NULL,
	CONSTRAINT "vibration_blocks_recording_id_channel_block_no_kept_stored_on_pk" PRIMARY KEY("recording_id","channel","block_no","kept","stored_on")
) PARTITION BY LIST ("kept");--> statement-breakpoint
CREATE TABLE "vibration_blocks_kept" PARTITION OF "vibration_blocks" FOR VALUES IN (true);--> statement-breakpoint
CREATE TABLE "vibration_blocks_raw" PARTITION OF "vibration_blocks" FOR VALUES IN (false) PARTITION BY RANGE ("stored_on");--> statement-breakpoint
CREATE TABLE "vibration_blocks_raw_default" PARTITION OF "vibration_blocks_raw" DEFAULT;--> statement-breakpoint
DO $$
DECLARE w date;
BEGIN
  FOR w IN
    SELECT DISTINCT date_trunc('week', r.created_at AT TIME ZONE 'utc')::date FROM vibration_recordings r
    UNION SELECT date_trunc('week', now() AT TIME ZONE 'utc')::date
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF vibration_blocks_raw FOR VALUES FROM (%L) TO (%L)', 'vibration_blocks_raw_w' || to_char(w, 'YYYYMMDD'), w, w + 7);
  END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "vibration_blocks" ("recording_id", "channel", "block_no", "sample_count", "data", "stored_on", "kept")
  SELECT b.recording_id, b.channel, b.block_no, b.sample_count, b.data, (r.created_at AT TIME ZONE 'utc')::date, false
  FROM "vibration_blocks_unpartitioned" b JOIN "vibration_recordings" r ON r.id = b.recording_id;--> statement-breakpoint
DROP TABLE "vibration_blocks_unpartitioned";--> statement-breakpoint
ALTER TABLE "vibration_blocks" ADD CONSTRAINT "vibration_blocks_recording_id_vibration_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."vibration_recordings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vibration_recordings" ADD COLUMN "samples_expired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "vibration_retention_runs" ADD CONSTRAINT "vibration_retention_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vibration_retention_runs_finished_idx" ON "vibration_retention_runs" USING btree ("finished_at");