-- Custom SQL migration file, put your code below! ---- An exception and its revocation are records of a steward's decision: added to, never changed.
SELECT assay_make_append_only('pii_exceptions');
