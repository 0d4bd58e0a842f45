-- Submissions are history: added to, never changed.
SELECT assay_make_append_only('promotion_submissions');
--> statement-breakpoint
-- Each existing request's submission becomes its submission 1; before outputs were chosen every model
-- of the artifact was an output, so that is what it records.
INSERT INTO promotion_submissions (request_id, number, submission, author_id, created_at)
SELECT r.id, 1,
  r.submission || jsonb_build_object('outputs', COALESCE((SELECT jsonb_agg(m->>'name') FROM jsonb_array_elements(e.content->'models') m), '[]'::jsonb)),
  r.author_id, r.created_at
FROM promotion_requests r JOIN experiments e ON e.id = r.artifact_id;
--> statement-breakpoint
-- Before the rule was enforced, a request sent back and submitted again left two open requests for one
-- artifact and pipeline: all but the newest are closed as superseded, so the unique index holds.
WITH latest AS (
  SELECT DISTINCT ON (request_id) request_id, status FROM promotion_states ORDER BY request_id, seq DESC
), ranked AS (
  SELECT r.id, l.status, row_number() OVER (PARTITION BY r.artifact_id, r.pipeline_id ORDER BY r.created_at DESC, r.id DESC) AS rn
  FROM promotion_requests r JOIN latest l ON l.request_id = r.id
  WHERE l.status NOT IN ('rejected', 'promoted', 'withdrawn', 'superseded')
)
INSERT INTO promotion_states (request_id, status, note)
SELECT id, 'superseded', 'a later request for the same experiment and pipeline was open' FROM ranked WHERE rn > 1;
--> statement-breakpoint
INSERT INTO promotion_status (request_id, artifact_id, pipeline_id, status, since)
SELECT DISTINCT ON (s.request_id) s.request_id, r.artifact_id, r.pipeline_id, s.status, s.created_at
FROM promotion_states s JOIN promotion_requests r ON r.id = s.request_id
ORDER BY s.request_id, s.seq DESC;
