-- An artifact's lineage is computed once and never changed, like the artifact it describes.
SELECT assay_make_append_only('artifact_lineage');
