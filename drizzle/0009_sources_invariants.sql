-- Snapshots and drift events are records of what happened: added to, never changed (same pattern as
-- 0001/0005, ENABLE ALWAYS so they also fire under session_replication_role = replica).
CREATE TRIGGER snapshots_append_only BEFORE UPDATE OR DELETE ON snapshots
  FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE snapshots ENABLE ALWAYS TRIGGER snapshots_append_only;
--> statement-breakpoint
CREATE TRIGGER snapshots_no_truncate BEFORE TRUNCATE ON snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE snapshots ENABLE ALWAYS TRIGGER snapshots_no_truncate;
--> statement-breakpoint
CREATE TRIGGER drift_events_append_only BEFORE UPDATE OR DELETE ON drift_events
  FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE drift_events ENABLE ALWAYS TRIGGER drift_events_append_only;
--> statement-breakpoint
CREATE TRIGGER drift_events_no_truncate BEFORE TRUNCATE ON drift_events
  FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE drift_events ENABLE ALWAYS TRIGGER drift_events_no_truncate;
--> statement-breakpoint
-- Two loads of one dataset never run at once: at most one queued or running load job per dataset.
-- A second enqueue is a unique violation (the service answers 409), whatever process asked.
CREATE UNIQUE INDEX jobs_one_load_per_dataset ON jobs (subject) WHERE kind = 'source.load' AND status IN ('queued', 'running');
