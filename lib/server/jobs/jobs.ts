import 'server-only';
import { webhookDeliveryHandler } from '@/lib/server/alerts/deliveries';
import { scheduleSlaEvaluation, SLA_JOB, slaJobHandler } from '@/lib/server/alerts/sla';
import { WEBHOOK_JOB } from '@/lib/server/alerts/webhooks';
import type { App } from '@/lib/server/app';
import { AUDIT_VERIFY_JOB, auditVerifyJobHandler, scheduleAuditVerification } from '@/lib/server/audit/verify-job';
import { REPLAY_JOB, replayJobHandler } from '@/lib/server/experiments/replays';
import { gatesJobHandler } from '@/lib/server/promotion/gates-job';
import { GATES_JOB } from '@/lib/server/promotion/promotions';
import { secretKeyOf } from '@/lib/server/sources/connections';
import { LOAD_JOB, loadJobHandler } from '@/lib/server/sources/loads';
import { openLineageDeliveryHandler } from '@/lib/server/openlineage/delivery';
import { OPENLINEAGE_JOB } from '@/lib/server/openlineage/outbox';
import { startLoadScheduler } from '@/lib/server/sources/schedules';
import { getWarehouse } from '@/lib/server/sources/warehouse';
import { RUN_JOB } from '@/lib/server/runs/requests';
import { runJobHandler } from '@/lib/server/runs/run-job';
import { startRunScheduler } from '@/lib/server/runs/schedules';
import { VERIFY_JOB, verifyJobHandler } from '@/lib/server/runs/verify';
import { SAMPLE_JOB, sampleJobHandler } from '@/lib/server/samples/samples';
import { productionWarehouse, publishedRoot } from '@/lib/server/runs/warehouse';
import { startJobWorker, type Handlers, type JobWorker } from './worker';

const globalForJobs = globalThis as unknown as { __assayJobs?: JobWorker; __assayDeliveries?: JobWorker };

export function jobHandlers(app: Pick<App, 'db' | 'config' | 'auth'>): Handlers {
  return {
    [AUDIT_VERIFY_JOB]: auditVerifyJobHandler(app) as Handlers[string],
    [REPLAY_JOB]: replayJobHandler(app.db, app.config.replay) as Handlers[string],
    [GATES_JOB]: gatesJobHandler(app.db, app.config.replay) as Handlers[string],
    // The warehouse opens on the first load: a process that never loads never takes the file.
    [LOAD_JOB]: loadJobHandler(app.db, getWarehouse, secretKeyOf(app.auth.options.secret), app.config.openLineage) as Handlers[string],
    [RUN_JOB]: runJobHandler(app.db, () => productionWarehouse(app.db), publishedRoot(), app.config.openLineage) as Handlers[string],
    [VERIFY_JOB]: verifyJobHandler(app.db, () => productionWarehouse(app.db)) as Handlers[string],
    [SAMPLE_JOB]: sampleJobHandler(app.db, getWarehouse, app.auth.options.secret as string) as Handlers[string],
    [SLA_JOB]: slaJobHandler(app.db) as Handlers[string],
  };
}

/** The delivery lane: outbound deliveries only (webhooks, OpenLineage events), on a worker of its own,
 * so an endpoint that hangs or fails holds up other deliveries at most for its time limit (each call
 * has one) and never a load or a run on the main lane. */
export function deliveryHandlers(app: Pick<App, 'db' | 'config' | 'auth'>): Handlers {
  return {
    [WEBHOOK_JOB]: webhookDeliveryHandler(app.db, { appSecret: app.auth.options.secret as string, baseUrl: app.config.baseUrl }) as Handlers[string],
    [OPENLINEAGE_JOB]: openLineageDeliveryHandler(app.db, app.config.openLineage) as Handlers[string],
  };
}

/** One worker per server process, started at boot; jobs a previous process left are picked up by it. */
export function startJobs(app: App): void {
  if (globalForJobs.__assayJobs) return;
  globalForJobs.__assayJobs = startJobWorker(app.db, jobHandlers(app), {
    onError: (error) => console.error('assay: job worker:', error),
  });
  globalForJobs.__assayDeliveries = startJobWorker(app.db, deliveryHandlers(app), {
    pollMs: 1_000,
    onError: (error) => console.error('assay: delivery worker:', error),
  });
  // A full audit verification soon after every start, then daily (each run queues the next).
  scheduleAuditVerification(app.db, 0).then(wakeJobs, (error) => console.error('assay: scheduling the audit verification:', error));
  scheduleSlaEvaluation(app.db, 0).then(wakeJobs, (error) => console.error('assay: scheduling the SLA evaluation:', error));
  startLoadScheduler(app.db, wakeJobs, (error) => console.error('assay: load scheduler:', error));
  startRunScheduler(app.db, wakeJobs, (error) => console.error('assay: run scheduler:', error));
}

/** Tells the worker a job was queued, so it starts now rather than at its next poll. */
export function wakeJobs(): void {
  globalForJobs.__assayJobs?.wake();
  globalForJobs.__assayDeliveries?.wake();
}
