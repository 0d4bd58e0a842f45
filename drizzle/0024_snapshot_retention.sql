CREATE TABLE "snapshot_expiries" (
	"snapshot_id" bigint PRIMARY KEY NOT NULL,
	"dataset_id" text NOT NULL,
	"expired_by" text NOT NULL,
	"expired_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dataset_sources" ADD COLUMN "keep_snapshots" integer;--> statement-breakpoint
ALTER TABLE "dataset_sources" ADD COLUMN "keep_days" integer;--> statement-breakpoint
ALTER TABLE "snapshot_expiries" ADD CONSTRAINT "snapshot_expiries_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snapshot_expiries" ADD CONSTRAINT "snapshot_expiries_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snapshot_expiries" ADD CONSTRAINT "snapshot_expiries_expired_by_users_id_fk" FOREIGN KEY ("expired_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;