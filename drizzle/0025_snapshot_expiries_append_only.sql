-- A snapshot's expiry is a record of a steward's decision: added to, never changed.
SELECT assay_make_append_only('snapshot_expiries');
