/**
 * Every action the audit log is written with, in one typed list: appendAudit accepts nothing else, so
 * a misspelt or computed name cannot reach the append-only log again. Adding a state change means
 * adding its action here.
 */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'user.role_granted',
  'catalog.dataset_created',
  'catalog.contract_changed',
  'notebook.created',
  'notebook.saved',
  'notebook.renamed',
  'experiment.recorded',
  'experiment.replay_requested',
  'experiment.replayed',
  'experiment.shared',
  'experiment.share_revoked',
  'experiment.archived',
  'experiment.forked',
  'pipeline.created',
  'pipeline.promoted',
  'pipeline.rolled_back',
  'pipeline.settings_changed',
  'pipeline.run_requested',
  'pipeline.run_finished',
  'pipeline.published',
  'pipeline.schedule_changed',
  'pipeline.run_verify_requested',
  'pipeline.run_verified',
  'pipeline.runs_expired',
  'promotion.submitted',
  'promotion.gates_requested',
  'promotion.gates_finished',
  'promotion.commented',
  'promotion.approved',
  'promotion.rejected',
  'promotion.changes_requested',
  'promotion.resubmitted',
  'promotion.withdrawn',
  'promotion.superseded',
  'source.connection_created',
  'source.file_uploaded',
  'source.connection_disabled',
  'source.connection_deleted',
  'source.schedule_changed',
  'source.load_requested',
  'source.load_failed',
  'source.snapshot_published',
  'source.snapshot_quarantined',
  'source.retention_changed',
  'source.snapshots_expired',
  'source.drift_applied',
  'sample.requested',
  'sample.drawn',
  'sample.failed',
  'sample.taken',
  'sample.pii_exception_granted',
  'sample.pii_exception_revoked',
  'alert.webhook_created',
  'alert.webhook_updated',
  'alert.webhook_deleted',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Names earlier versions wrote and the log keeps as written (it is append-only); never written again.
 * `promotion.rejectd` came from building the name as `promotion.${decision}d`. */
export const RETIRED_AUDIT_ACTIONS = ['promotion.rejectd'] as const;

/** The action of each review decision, spelt out rather than built from the decision's name. */
export const REVIEW_ACTIONS = {
  approve: 'promotion.approved',
  reject: 'promotion.rejected',
  request_changes: 'promotion.changes_requested',
  comment: 'promotion.commented',
} as const satisfies Record<string, AuditAction>;
