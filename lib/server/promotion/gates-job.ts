import 'server-only';
import { eq } from 'drizzle-orm';
import { createNativeEngine } from '@/lib/engine/native';
import { limitTime } from '@/lib/engine/time-limit';
import { runGates } from '@/lib/promotion/run-gates';
import type { GateRunResult } from '@/lib/promotion/types';
import { appendAudit } from '@/lib/server/audit/append';
import { notifyAuthor } from './notify';
import type { Db, Tx } from '@/lib/server/db/client';
import { experiments, gateRuns, pipelines, promotionRequests } from '@/lib/server/db/schema';
import type { Job } from '@/lib/server/jobs/queue';
import type { JobHandler } from '@/lib/server/jobs/worker';
import { transition } from '@/lib/promotion/states';
import { applyEvent, currentStatus, latestSubmission, productionOf, submissionNumbered } from './promotions';
import { storedSamples } from '@/lib/server/samples/samples';

const requestIdOf = (job: Job) => String(job.payload.requestId);

/** The submission the job was queued for (jobs queued before submissions were numbered: the latest). */
async function submissionOf(db: Db | Tx, job: Job) {
  const number = job.payload.submission;
  return typeof number === 'number' ? submissionNumbered(db, requestIdOf(job), number) : latestSubmission(db, requestIdOf(job));
}

async function storeGateRun(tx: Tx, job: Job, result: GateRunResult): Promise<void> {
  const requestId = requestIdOf(job);
  const passed = result.error !== null ? 'error' : result.gates.every((g) => g.status === 'pass') ? 'yes' : 'no';
  const submissionNumber = (await submissionOf(tx, job)).number;
  const [run] = await tx.insert(gateRuns).values({ requestId, jobId: job.id, submissionNumber, passed, result }).returning({ id: gateRuns.id });
  const event = { type: 'gates_finished', outcome: passed === 'yes' ? 'pass' : passed === 'no' ? 'fail' : 'error' } as const;
  // Withdrawn while the gates ran: the run is kept as evidence, the request stays closed.
  if (transition(await currentStatus(tx, requestId), event).ok) {
    await applyEvent(tx, requestId, event, null, result.error);
    const what = { pass: 'gates passed, waiting for review', fail: 'gates failed', error: 'the gates could not run' }[event.outcome];
    const failed = result.gates.filter((g) => g.status === 'fail').map((g) => `${g.gate}: ${g.summary}`);
    await notifyAuthor(tx, { requestId, actorId: null, what: `submission ${submissionNumber}: ${what}`, body: result.error ?? (failed.join('\n') || undefined) });
  }
  await appendAudit(tx, {
    actorId: null,
    action: 'promotion.gates_finished',
    objectType: 'promotion',
    objectId: requestId,
    details: { gateRunId: run!.id, passed, gates: Object.fromEntries(result.gates.map((g) => [g.gate, g.status])), productionVersion: result.productionVersion },
  });
}

/**
 * The gates of one promotion request, as a job: every engine it starts is a fresh hardened native
 * engine (one thread, the replay memory limit), and the whole run is interrupted at the replay time
 * limit (twice it: a replay plus the side-by-side data diff). A failing gate is a result; the job
 * fails only when the gates could not run, and the request then shows gates_error and can be re-run.
 */
export function gatesJobHandler(db: Db, limits: { timeoutMs: number; memoryLimit: string }): JobHandler<GateRunResult> {
  return {
    async run(job) {
      const [row] = await db
        .select({ request: promotionRequests, content: experiments.content, ownerId: pipelines.ownerId, currentVersion: pipelines.currentVersion })
        .from(promotionRequests)
        .innerJoin(experiments, eq(experiments.id, promotionRequests.artifactId))
        .innerJoin(pipelines, eq(pipelines.id, promotionRequests.pipelineId))
        .where(eq(promotionRequests.id, requestIdOf(job)));
      if (!row) throw new Error(`promotion request ${requestIdOf(job)} does not exist`);
      const production = await productionOf(db, row.request.pipelineId, row.currentVersion);
      const { submission } = await submissionOf(db, job);
      const engines: { stop(): void }[] = [];
      const result = await runGates({
        newEngine: async () => {
          const engine = await createNativeEngine({ threads: 1, memoryLimit: limits.memoryLimit });
          engines.push(limitTime(engine, limits.timeoutMs));
          return engine;
        },
        candidate: { content: row.content, submission },
        production: production && row.currentVersion !== null ? { version: row.currentVersion, content: production.content, docs: production.docs, outputs: production.outputs } : null,
        owner: row.ownerId,
        samples: storedSamples(db),
      });
      for (const limit of engines) limit.stop();
      return result;
    },
    commit: storeGateRun,
    async fail(tx, job, error) {
      await storeGateRun(tx, job, { gates: [], productionVersion: null, breaking: false, piiDeclared: false, dataDiff: null, error: `the gates could not run: ${error}`, elapsedMs: 0 });
    },
  };
}
