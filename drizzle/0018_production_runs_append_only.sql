-- Custom SQL migration file, put your code below! ---- Publishes and verifications are records of what happened: added to, never changed. The latest
-- publish of a pipeline is what its production views serve.
SELECT assay_make_append_only('pipeline_publishes');
--> statement-breakpoint
SELECT assay_make_append_only('run_verifications');
