/** A run's life: queued → running → one of the finished states. Only `published` changed production;
 * `built` passed its checks after production had moved to another version (a rollback can publish it). */
export const RUN_STATUSES = ['queued', 'running', 'published', 'built', 'checks_failed', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const ACTIVE_RUN_STATUSES = ['queued', 'running'] as const satisfies readonly RunStatus[];

/** Why a run started: by hand (the page), the API, the pipeline's cron schedule, a new snapshot of an
 * input, a promotion (the new version's first run), a rollback to a version that never ran, a retry. */
export const RUN_TRIGGERS = ['manual', 'api', 'schedule', 'snapshot', 'promotion', 'rollback', 'retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'queued',
  running: 'running',
  published: 'published',
  built: 'built, not published',
  checks_failed: 'checks failed',
  failed: 'failed',
};

/** Runs whose tables passed their checks: what a rollback may point production at. */
export const PUBLISHABLE_RUN_STATUSES = ['published', 'built'] as const satisfies readonly RunStatus[];

/** Finished runs that did not pass: a blocking check failed, or a cell or the job did. */
export const FAILED_RUN_STATUSES = ['checks_failed', 'failed'] as const satisfies readonly RunStatus[];
