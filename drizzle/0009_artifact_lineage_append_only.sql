-- An artifact's lineage is computed once and never changed, like the artifact it describes.
CREATE TRIGGER artifact_lineage_append_only BEFORE UPDATE OR DELETE ON artifact_lineage
  FOR EACH ROW EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE artifact_lineage ENABLE ALWAYS TRIGGER artifact_lineage_append_only;
--> statement-breakpoint
CREATE TRIGGER artifact_lineage_no_truncate BEFORE TRUNCATE ON artifact_lineage
  FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change();
--> statement-breakpoint
ALTER TABLE artifact_lineage ENABLE ALWAYS TRIGGER artifact_lineage_no_truncate;
