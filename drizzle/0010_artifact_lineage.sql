CREATE TABLE "artifact_lineage" (
	"experiment_id" text PRIMARY KEY NOT NULL,
	"lineage" jsonb NOT NULL,
	"elapsed_ms" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "artifact_lineage" ADD CONSTRAINT "artifact_lineage_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE no action ON UPDATE no action;