-- Custom SQL migration file, put your code below! ---- A sample is a record of what was drawn and handed out: added to, never changed.
SELECT assay_make_append_only('samples');
