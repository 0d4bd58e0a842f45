CREATE TABLE "experiment_replays" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"experiment_id" text NOT NULL,
	"job_id" bigint,
	"status" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiment_shares" (
	"id" text PRIMARY KEY NOT NULL,
	"experiment_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"locked_by" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "notebooks" ADD COLUMN "forked_from" text;--> statement-breakpoint
ALTER TABLE "experiment_replays" ADD CONSTRAINT "experiment_replays_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_replays" ADD CONSTRAINT "experiment_replays_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_shares" ADD CONSTRAINT "experiment_shares_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_shares" ADD CONSTRAINT "experiment_shares_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_shares" ADD CONSTRAINT "experiment_shares_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "experiment_replays_experiment_idx" ON "experiment_replays" USING btree ("experiment_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_shares_token_idx" ON "experiment_shares" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "experiment_shares_experiment_idx" ON "experiment_shares" USING btree ("experiment_id");--> statement-breakpoint
CREATE INDEX "jobs_claim_idx" ON "jobs" USING btree ("status","run_after");--> statement-breakpoint
CREATE INDEX "jobs_subject_idx" ON "jobs" USING btree ("kind","subject");--> statement-breakpoint
-- A replay result is evidence: like the experiment it belongs to, it can be added to, never changed.
CREATE TRIGGER experiment_replays_append_only BEFORE UPDATE OR DELETE ON experiment_replays
  FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE experiment_replays ENABLE ALWAYS TRIGGER experiment_replays_append_only;
--> statement-breakpoint
CREATE TRIGGER experiment_replays_no_truncate BEFORE TRUNCATE ON experiment_replays
  FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE experiment_replays ENABLE ALWAYS TRIGGER experiment_replays_no_truncate;
