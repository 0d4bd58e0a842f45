-- Recorded experiments and their state history can be added to, never changed: an artifact's id is the
-- hash of its content, so a changed row would be a forgery. Every trigger refuses the whole row rather
-- than comparing columns, so no UPDATE can reach the content; annotation edits and archiving are new
-- experiment_states rows instead. ENABLE ALWAYS makes them fire under session_replication_role = replica.
CREATE TRIGGER experiments_append_only BEFORE UPDATE OR DELETE ON experiments
  FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE experiments ENABLE ALWAYS TRIGGER experiments_append_only;
--> statement-breakpoint
CREATE TRIGGER experiments_no_truncate BEFORE TRUNCATE ON experiments
  FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE experiments ENABLE ALWAYS TRIGGER experiments_no_truncate;
--> statement-breakpoint
CREATE TRIGGER experiment_states_append_only BEFORE UPDATE OR DELETE ON experiment_states
  FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE experiment_states ENABLE ALWAYS TRIGGER experiment_states_append_only;
--> statement-breakpoint
CREATE TRIGGER experiment_states_no_truncate BEFORE TRUNCATE ON experiment_states
  FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE experiment_states ENABLE ALWAYS TRIGGER experiment_states_no_truncate;
