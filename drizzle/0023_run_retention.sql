ALTER TABLE "pipelines" ADD COLUMN "keep_published_runs" integer;--> statement-breakpoint
ALTER TABLE "pipeline_runs" ADD COLUMN "expired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pipeline_runs" ADD COLUMN "expired_by" text;--> statement-breakpoint
ALTER TABLE "pipeline_runs" ADD CONSTRAINT "pipeline_runs_expired_by_users_id_fk" FOREIGN KEY ("expired_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;