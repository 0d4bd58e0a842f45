/** What an alert can be about (docs/observability.md, "Alerts"). */
export const ALERT_RULES = ['run_failed', 'check_failed', 'sla_breach', 'schema_drift', 'load_failed', 'replay_mismatch', 'audit_chain_broken'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const RULE_LABELS: Record<AlertRule, string> = {
  run_failed: 'Failed run',
  check_failed: 'Failed blocking check',
  sla_breach: 'SLA breach',
  schema_drift: 'Schema drift',
  load_failed: 'Failed load',
  replay_mismatch: 'Replay mismatch',
  audit_chain_broken: 'Audit chain broken',
};

/** Who configures webhook endpoints and reads their delivery log. */
export const WEBHOOK_MANAGERS = ['admin'] as const;
