CREATE TABLE "promotion_status" (
	"request_id" text PRIMARY KEY NOT NULL,
	"artifact_id" text NOT NULL,
	"pipeline_id" text NOT NULL,
	"status" text NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promotion_submissions" (
	"request_id" text NOT NULL,
	"number" integer NOT NULL,
	"submission" jsonb NOT NULL,
	"author_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotion_submissions_request_id_number_pk" PRIMARY KEY("request_id","number")
);
--> statement-breakpoint
ALTER TABLE "gate_runs" ADD COLUMN "submission_number" integer;--> statement-breakpoint
ALTER TABLE "pipeline_versions" ADD COLUMN "outputs" jsonb;--> statement-breakpoint
ALTER TABLE "promotion_status" ADD CONSTRAINT "promotion_status_request_id_promotion_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."promotion_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_submissions" ADD CONSTRAINT "promotion_submissions_request_id_promotion_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."promotion_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_submissions" ADD CONSTRAINT "promotion_submissions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "promotion_status_one_open_idx" ON "promotion_status" USING btree ("artifact_id","pipeline_id") WHERE "promotion_status"."status" NOT IN ('rejected', 'promoted', 'withdrawn', 'superseded');--> statement-breakpoint
CREATE INDEX "promotion_status_inbox_idx" ON "promotion_status" USING btree ("status","since","request_id");