-- Custom SQL migration file, put your code below! --
-- The Prometheus counters read from the database are running tallies kept by triggers on the
-- append-only tables they count, in the inserting transaction: a scrape reads one row per series.
CREATE OR REPLACE FUNCTION assay_tally(m text, a text, b text, at timestamptz) RETURNS void LANGUAGE sql AS $$
  INSERT INTO metric_tallies (metric, l1, l2, n, latest) VALUES (m, a, b, 1, at)
  ON CONFLICT (metric, l1, l2) DO UPDATE SET n = metric_tallies.n + 1, latest = GREATEST(metric_tallies.latest, EXCLUDED.latest);
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION assay_tally_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CASE TG_TABLE_NAME
    WHEN 'snapshots' THEN PERFORM assay_tally('loads', NEW.dataset_id, NEW.status, NEW.finished_at);
    WHEN 'drift_events' THEN PERFORM assay_tally('drift', NEW.dataset_id, NEW.outcome, NEW.created_at);
    WHEN 'experiment_replays' THEN PERFORM assay_tally('replays', NEW.status, '', NULL);
    WHEN 'alerts' THEN PERFORM assay_tally('alerts', NEW.rule, '', NULL);
    WHEN 'webhook_deliveries' THEN PERFORM assay_tally('webhook_deliveries', CASE WHEN NEW.ok THEN 'succeeded' ELSE 'failed' END, '', NULL);
    WHEN 'audit_events' THEN
      PERFORM assay_tally('audit', '', '', NULL);
      IF NEW.action = 'source.load_failed' THEN PERFORM assay_tally('loads', NEW.object_id, 'failed', NEW.occurred_at); END IF;
      IF NEW.action = 'pipeline.run_finished' THEN PERFORM assay_tally('runs', NEW.object_id, coalesce(NEW.details->>'status', ''), NEW.occurred_at); END IF;
  END CASE;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER snapshots_tally AFTER INSERT ON snapshots FOR EACH ROW EXECUTE FUNCTION assay_tally_row();
--> statement-breakpoint
CREATE TRIGGER drift_events_tally AFTER INSERT ON drift_events FOR EACH ROW EXECUTE FUNCTION assay_tally_row();
--> statement-breakpoint
CREATE TRIGGER experiment_replays_tally AFTER INSERT ON experiment_replays FOR EACH ROW EXECUTE FUNCTION assay_tally_row();
--> statement-breakpoint
CREATE TRIGGER alerts_tally AFTER INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION assay_tally_row();
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_tally AFTER INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION assay_tally_row();
--> statement-breakpoint
CREATE TRIGGER audit_events_tally AFTER INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION assay_tally_row();
--> statement-breakpoint
-- What was there before the triggers.
INSERT INTO metric_tallies (metric, l1, l2, n, latest)
  SELECT 'loads', dataset_id, status, count(*), max(finished_at) FROM snapshots GROUP BY dataset_id, status
  UNION ALL SELECT 'drift', dataset_id, outcome, count(*), max(created_at) FROM drift_events GROUP BY dataset_id, outcome
  UNION ALL SELECT 'replays', status, '', count(*), NULL FROM experiment_replays GROUP BY status
  UNION ALL SELECT 'alerts', rule, '', count(*), NULL FROM alerts GROUP BY rule
  UNION ALL SELECT 'webhook_deliveries', CASE WHEN ok THEN 'succeeded' ELSE 'failed' END, '', count(*), NULL FROM webhook_deliveries GROUP BY ok
  UNION ALL SELECT 'audit', '', '', count(*), NULL FROM audit_events HAVING count(*) > 0
  UNION ALL SELECT 'loads', object_id, 'failed', count(*), max(occurred_at) FROM audit_events WHERE action = 'source.load_failed' GROUP BY object_id
  UNION ALL SELECT 'runs', object_id, coalesce(details->>'status', ''), count(*), max(occurred_at) FROM audit_events WHERE action = 'pipeline.run_finished' GROUP BY object_id, coalesce(details->>'status', '');
