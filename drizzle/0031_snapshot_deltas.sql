ALTER TABLE "snapshots" ADD COLUMN "delta_of" bigint;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "chain_depth" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "key_checked" jsonb;--> statement-breakpoint
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_delta_of_snapshots_id_fk" FOREIGN KEY ("delta_of") REFERENCES "public"."snapshots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "snapshots_delta_of_idx" ON "snapshots" USING btree ("delta_of");