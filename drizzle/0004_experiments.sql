CREATE TABLE "experiment_states" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"experiment_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"annotations" jsonb NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" text PRIMARY KEY NOT NULL,
	"notebook_id" text NOT NULL,
	"author_id" text NOT NULL,
	"format" text NOT NULL,
	"content" jsonb NOT NULL,
	"annotations" jsonb NOT NULL,
	"byte_size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "experiment_states" ADD CONSTRAINT "experiment_states_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_states" ADD CONSTRAINT "experiment_states_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_notebook_id_notebooks_id_fk" FOREIGN KEY ("notebook_id") REFERENCES "public"."notebooks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "experiment_states_experiment_idx" ON "experiment_states" USING btree ("experiment_id","seq");--> statement-breakpoint
CREATE INDEX "experiments_notebook_idx" ON "experiments" USING btree ("notebook_id");--> statement-breakpoint
CREATE INDEX "experiments_author_idx" ON "experiments" USING btree ("author_id");