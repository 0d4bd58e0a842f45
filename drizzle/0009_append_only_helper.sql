-- One helper instead of four statements per table in every migration: makes a table append-only
-- (UPDATE, DELETE and TRUNCATE refused by assay_refuse_change) with triggers that are ENABLE ALWAYS,
-- so they fire under session_replication_role = replica too. Idempotent, so a migration may call it
-- for a table that already has the triggers.
CREATE OR REPLACE FUNCTION assay_make_append_only(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  name text := (SELECT relname FROM pg_class WHERE oid = tbl);
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', name || '_append_only', tbl);
  EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION assay_refuse_change()', name || '_append_only', tbl);
  EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', tbl, name || '_append_only');
  EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', name || '_no_truncate', tbl);
  EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION assay_refuse_change()', name || '_no_truncate', tbl);
  EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', tbl, name || '_no_truncate');
END;
$$;
