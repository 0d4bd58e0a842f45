CREATE TABLE "pipeline_publishes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pipeline_id" text NOT NULL,
	"version" integer NOT NULL,
	"run_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"views" jsonb NOT NULL,
	"parquet_dir" text,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pipeline_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pipeline_id" text NOT NULL,
	"version" integer NOT NULL,
	"artifact_id" text NOT NULL,
	"run_key" text NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"triggered_by" text,
	"job_id" bigint,
	"inputs" jsonb NOT NULL,
	"schema_name" text NOT NULL,
	"models" jsonb,
	"checks" jsonb,
	"rows_in" bigint,
	"rows_out" bigint,
	"elapsed_ms" real,
	"error" text,
	"follow_up" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pipeline_schedules" (
	"pipeline_id" text PRIMARY KEY NOT NULL,
	"schedule" text,
	"next_run_at" timestamp with time zone,
	"on_new_snapshot" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_verifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"job_id" bigint,
	"status" text NOT NULL,
	"models" jsonb NOT NULL,
	"error" text,
	"requested_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pipeline_publishes" ADD CONSTRAINT "pipeline_publishes_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_publishes" ADD CONSTRAINT "pipeline_publishes_run_id_pipeline_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."pipeline_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_publishes" ADD CONSTRAINT "pipeline_publishes_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_runs" ADD CONSTRAINT "pipeline_runs_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_runs" ADD CONSTRAINT "pipeline_runs_triggered_by_users_id_fk" FOREIGN KEY ("triggered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_runs" ADD CONSTRAINT "pipeline_runs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_schedules" ADD CONSTRAINT "pipeline_schedules_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_verifications" ADD CONSTRAINT "run_verifications_run_id_pipeline_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."pipeline_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_verifications" ADD CONSTRAINT "run_verifications_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_verifications" ADD CONSTRAINT "run_verifications_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pipeline_publishes_pipeline_idx" ON "pipeline_publishes" USING btree ("pipeline_id","id");--> statement-breakpoint
CREATE INDEX "pipeline_publishes_run_idx" ON "pipeline_publishes" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "pipeline_runs_pipeline_idx" ON "pipeline_runs" USING btree ("pipeline_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "pipeline_runs_one_active_idx" ON "pipeline_runs" USING btree ("pipeline_id") WHERE "pipeline_runs"."status" IN ('queued', 'running');--> statement-breakpoint
CREATE INDEX "pipeline_runs_key_idx" ON "pipeline_runs" USING btree ("pipeline_id","run_key");--> statement-breakpoint
CREATE INDEX "run_verifications_run_idx" ON "run_verifications" USING btree ("run_id","id");