CREATE TABLE "gate_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"job_id" bigint,
	"passed" text NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pipeline_versions" (
	"pipeline_id" text NOT NULL,
	"version" integer NOT NULL,
	"artifact_id" text NOT NULL,
	"request_id" text NOT NULL,
	"docs" jsonb NOT NULL,
	"promoted_by" text NOT NULL,
	"approvals" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pipeline_versions_pipeline_id_version_pk" PRIMARY KEY("pipeline_id","version")
);
--> statement-breakpoint
CREATE TABLE "pipelines" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"owner_id" text NOT NULL,
	"required_approvals" integer DEFAULT 1 NOT NULL,
	"current_version" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promotion_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"pipeline_id" text NOT NULL,
	"artifact_id" text NOT NULL,
	"author_id" text NOT NULL,
	"base_version" integer,
	"submission" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promotion_states" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"status" text NOT NULL,
	"actor_id" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"reviewer_id" text NOT NULL,
	"decision" text NOT NULL,
	"artifact_id" text NOT NULL,
	"gate_run_id" bigint,
	"roles" jsonb NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gate_runs" ADD CONSTRAINT "gate_runs_request_id_promotion_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."promotion_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_runs" ADD CONSTRAINT "gate_runs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_versions" ADD CONSTRAINT "pipeline_versions_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_versions" ADD CONSTRAINT "pipeline_versions_artifact_id_experiments_id_fk" FOREIGN KEY ("artifact_id") REFERENCES "public"."experiments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_versions" ADD CONSTRAINT "pipeline_versions_promoted_by_users_id_fk" FOREIGN KEY ("promoted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipelines" ADD CONSTRAINT "pipelines_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_pipeline_id_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."pipelines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_artifact_id_experiments_id_fk" FOREIGN KEY ("artifact_id") REFERENCES "public"."experiments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_states" ADD CONSTRAINT "promotion_states_request_id_promotion_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."promotion_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_states" ADD CONSTRAINT "promotion_states_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_request_id_promotion_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."promotion_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_gate_run_id_gate_runs_id_fk" FOREIGN KEY ("gate_run_id") REFERENCES "public"."gate_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gate_runs_request_idx" ON "gate_runs" USING btree ("request_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "pipelines_name_idx" ON "pipelines" USING btree ("name");--> statement-breakpoint
CREATE INDEX "promotion_requests_pipeline_idx" ON "promotion_requests" USING btree ("pipeline_id");--> statement-breakpoint
CREATE INDEX "promotion_requests_artifact_idx" ON "promotion_requests" USING btree ("artifact_id");--> statement-breakpoint
CREATE INDEX "promotion_states_request_idx" ON "promotion_states" USING btree ("request_id","seq");--> statement-breakpoint
CREATE INDEX "reviews_request_idx" ON "reviews" USING btree ("request_id","seq");--> statement-breakpoint
-- Versions, requests, their states, gate runs and reviews are history: added to, never changed. The
-- production pointer (pipelines.current_version) is the only thing that moves.
CREATE TRIGGER pipeline_versions_append_only BEFORE UPDATE OR DELETE ON pipeline_versions FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE pipeline_versions ENABLE ALWAYS TRIGGER pipeline_versions_append_only;
--> statement-breakpoint
CREATE TRIGGER pipeline_versions_no_truncate BEFORE TRUNCATE ON pipeline_versions FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE pipeline_versions ENABLE ALWAYS TRIGGER pipeline_versions_no_truncate;
--> statement-breakpoint
CREATE TRIGGER promotion_requests_append_only BEFORE UPDATE OR DELETE ON promotion_requests FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE promotion_requests ENABLE ALWAYS TRIGGER promotion_requests_append_only;
--> statement-breakpoint
CREATE TRIGGER promotion_requests_no_truncate BEFORE TRUNCATE ON promotion_requests FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE promotion_requests ENABLE ALWAYS TRIGGER promotion_requests_no_truncate;
--> statement-breakpoint
CREATE TRIGGER promotion_states_append_only BEFORE UPDATE OR DELETE ON promotion_states FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE promotion_states ENABLE ALWAYS TRIGGER promotion_states_append_only;
--> statement-breakpoint
CREATE TRIGGER promotion_states_no_truncate BEFORE TRUNCATE ON promotion_states FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE promotion_states ENABLE ALWAYS TRIGGER promotion_states_no_truncate;
--> statement-breakpoint
CREATE TRIGGER gate_runs_append_only BEFORE UPDATE OR DELETE ON gate_runs FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE gate_runs ENABLE ALWAYS TRIGGER gate_runs_append_only;
--> statement-breakpoint
CREATE TRIGGER gate_runs_no_truncate BEFORE TRUNCATE ON gate_runs FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE gate_runs ENABLE ALWAYS TRIGGER gate_runs_no_truncate;
--> statement-breakpoint
CREATE TRIGGER reviews_append_only BEFORE UPDATE OR DELETE ON reviews FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE reviews ENABLE ALWAYS TRIGGER reviews_append_only;
--> statement-breakpoint
CREATE TRIGGER reviews_no_truncate BEFORE TRUNCATE ON reviews FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE reviews ENABLE ALWAYS TRIGGER reviews_no_truncate;
