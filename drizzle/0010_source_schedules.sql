ALTER TABLE "dataset_sources" ADD COLUMN "schedule" text;--> statement-breakpoint
ALTER TABLE "dataset_sources" ADD COLUMN "next_load_at" timestamp with time zone;