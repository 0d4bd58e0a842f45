CREATE TABLE "audit_checkpoints" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"last_seq" bigint NOT NULL,
	"unchained" integer NOT NULL,
	"head" text NOT NULL,
	"at" text NOT NULL,
	"signature" text NOT NULL,
	"kind" text NOT NULL,
	"full_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "notebooks_updated_idx" ON "notebooks" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "audit_events_action_seq_idx" ON "audit_events" USING btree ("action","seq");--> statement-breakpoint
CREATE INDEX "audit_events_actor_seq_idx" ON "audit_events" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_object_type_seq_idx" ON "audit_events" USING btree ("object_type","seq");--> statement-breakpoint
CREATE INDEX "experiments_created_idx" ON "experiments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "promotion_requests_created_idx" ON "promotion_requests" USING btree ("created_at","id");