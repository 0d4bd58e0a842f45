-- Snapshots and drift events are records of what happened: added to, never changed.
SELECT assay_make_append_only('snapshots');
--> statement-breakpoint
SELECT assay_make_append_only('drift_events');
--> statement-breakpoint
-- Two loads of one dataset never run at once: at most one queued or running load job per dataset.
-- A second enqueue is a unique violation (the service answers 409), whatever process asked.
CREATE UNIQUE INDEX jobs_one_load_per_dataset ON jobs (subject) WHERE kind = 'source.load' AND status IN ('queued', 'running');
