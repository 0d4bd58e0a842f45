-- Immutable history: revisions, contract versions and audit events can be added, never changed.
-- ENABLE ALWAYS makes the triggers fire under session_replication_role = replica too.
CREATE FUNCTION assay_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'assay: % on % is not allowed (append-only table)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER notebook_revisions_append_only BEFORE UPDATE OR DELETE ON notebook_revisions
  FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE notebook_revisions ENABLE ALWAYS TRIGGER notebook_revisions_append_only;
--> statement-breakpoint
CREATE TRIGGER notebook_revisions_no_truncate BEFORE TRUNCATE ON notebook_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE notebook_revisions ENABLE ALWAYS TRIGGER notebook_revisions_no_truncate;
--> statement-breakpoint
CREATE TRIGGER dataset_contracts_append_only BEFORE UPDATE OR DELETE ON dataset_contracts
  FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE dataset_contracts ENABLE ALWAYS TRIGGER dataset_contracts_append_only;
--> statement-breakpoint
CREATE TRIGGER dataset_contracts_no_truncate BEFORE TRUNCATE ON dataset_contracts
  FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE dataset_contracts ENABLE ALWAYS TRIGGER dataset_contracts_no_truncate;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_append_only;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_no_truncate;
