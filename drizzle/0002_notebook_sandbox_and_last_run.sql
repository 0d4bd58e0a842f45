ALTER TABLE "notebook_revisions" ADD COLUMN "sandbox" jsonb;--> statement-breakpoint
ALTER TABLE "notebooks" ADD COLUMN "last_run_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notebooks" ADD COLUMN "last_run_by" text;--> statement-breakpoint
ALTER TABLE "notebooks" ADD CONSTRAINT "notebooks_last_run_by_users_id_fk" FOREIGN KEY ("last_run_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;