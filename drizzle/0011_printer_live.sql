CREATE TABLE "printer_connections" (
	"printer_id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"host" text DEFAULT '' NOT NULL,
	"port" integer,
	"tls" boolean DEFAULT false NOT NULL,
	"secret" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "printer_connections_type_check" CHECK ("printer_connections"."type" in ('none', 'moonraker', 'octoprint', 'bambu')),
	CONSTRAINT "printer_connections_port_check" CHECK ("printer_connections"."port" is null or "printer_connections"."port" between 1 and 65535)
);
--> statement-breakpoint
CREATE TABLE "printer_live_state" (
	"printer_id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"progress" double precision,
	"remaining_seconds" integer,
	"file" text,
	"nozzle_c" double precision,
	"bed_c" double precision,
	"message" text,
	"last_seen_at" timestamp with time zone,
	"connected_since" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "printer_live_state_state_check" CHECK ("printer_live_state"."state" in ('idle', 'printing', 'paused', 'finished', 'error', 'offline')),
	CONSTRAINT "printer_live_state_progress_check" CHECK ("printer_live_state"."progress" is null or "printer_live_state"."progress" between 0 and 1),
	CONSTRAINT "printer_live_state_remaining_check" CHECK ("printer_live_state"."remaining_seconds" is null or "printer_live_state"."remaining_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "printer_state_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "printer_state_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"printer_id" uuid NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"file" text,
	"progress" double precision,
	"message" text,
	CONSTRAINT "printer_state_changes_to_check" CHECK ("printer_state_changes"."to_state" in ('idle', 'printing', 'paused', 'finished', 'error', 'offline')),
	CONSTRAINT "printer_state_changes_from_check" CHECK ("printer_state_changes"."from_state" is null or "printer_state_changes"."from_state" in ('idle', 'printing', 'paused', 'finished', 'error', 'offline'))
);
--> statement-breakpoint
ALTER TABLE "printer_connections" ADD CONSTRAINT "printer_connections_printer_id_printers_id_fk" FOREIGN KEY ("printer_id") REFERENCES "public"."printers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "printer_connections" ADD CONSTRAINT "printer_connections_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "printer_live_state" ADD CONSTRAINT "printer_live_state_printer_id_printers_id_fk" FOREIGN KEY ("printer_id") REFERENCES "public"."printers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "printer_state_changes" ADD CONSTRAINT "printer_state_changes_printer_id_printers_id_fk" FOREIGN KEY ("printer_id") REFERENCES "public"."printers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "printer_state_changes_printer_idx" ON "printer_state_changes" USING btree ("printer_id","at");