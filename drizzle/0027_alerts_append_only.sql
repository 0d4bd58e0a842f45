-- Custom SQL migration file, put your code below! --
-- The delivery log is a record of what was sent and what came back: added to, never changed.
SELECT assay_make_append_only('webhook_deliveries');
