import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { describeBreach, type Breach } from '@/lib/observability/quality';
import type { Db, Tx } from '@/lib/server/db/client';
import { alerts, datasetContracts, datasets, pipelines } from '@/lib/server/db/schema';
import { listDatasetHealth, listPipelineHealth } from '@/lib/server/health/read';
import { enqueueJob, pendingJob } from '@/lib/server/jobs/queue';
import type { JobHandler } from '@/lib/server/jobs/worker';
import type { KeysetKey } from '@/lib/pagination/cursor';
import { fireAlert, resolveAlert } from './alerts';

export const SLA_JOB = 'alerts.sla';
const SUBJECT = 'sla';
/** How often freshness SLAs are evaluated. */
export const SLA_EVALUATION_EVERY_MS = 60_000;
/** Objects per page (and per transaction) of one evaluation. */
const PAGE = 200;

/** Queues the next evaluation unless one is pending (boot calls it due at once). */
export async function scheduleSlaEvaluation(db: Db | Tx, delayMs = SLA_EVALUATION_EVERY_MS): Promise<void> {
  if (await pendingJob(db, SLA_JOB, SUBJECT)) return;
  await enqueueJob(db, { kind: SLA_JOB, subject: SUBJECT, payload: {}, runAfter: new Date(Date.now() + delayMs) });
}

type Health = { id: string; name: string; breaches: Breach[] };
type Owners = (tx: Tx, ids: string[]) => Promise<Map<string, string>>;

const pipelineOwners: Owners = async (tx, ids) =>
  new Map((await tx.select({ id: pipelines.id, owner: pipelines.ownerId }).from(pipelines).where(inArray(pipelines.id, ids))).map((r) => [r.id, r.owner]));
const datasetOwners: Owners = async (tx, ids) =>
  new Map(
    (
      await tx
        .select({ id: datasets.id, owner: datasetContracts.ownerId })
        .from(datasets)
        .innerJoin(datasetContracts, and(eq(datasetContracts.datasetId, datasets.id), eq(datasetContracts.version, datasets.currentVersion)))
        .where(inArray(datasets.id, ids))
    ).map((r) => [r.id, r.owner]),
  );

/** One page of objects in one transaction: a freshness breach fires (or counts on the open episode),
 * an object that is fresh again resolves its open episode. Idempotent, so a retried evaluation is harmless. */
async function evaluatePage(db: Db, objectType: 'pipeline' | 'dataset', items: Health[], owners: Owners): Promise<number> {
  if (items.length === 0) return 0;
  let fired = 0;
  await db.transaction(async (tx) => {
    const ownerOf = await owners(tx, items.map((i) => i.id));
    const open = new Set(
      (
        await tx
          .select({ id: alerts.objectId })
          .from(alerts)
          .where(and(eq(alerts.rule, 'sla_breach'), eq(alerts.objectType, objectType), eq(alerts.status, 'open'), inArray(alerts.objectId, items.map((i) => i.id))))
      ).map((r) => r.id),
    );
    for (const item of items) {
      const breach = item.breaches.find((b) => b.kind === 'freshness');
      const subject = { rule: 'sla_breach' as const, objectType, objectId: item.id, ownerIds: ownerOf.has(item.id) ? [ownerOf.get(item.id)!] : [] };
      const href = objectType === 'pipeline' ? `/pipelines/${item.id}` : `/catalog/${item.id}`;
      if (breach) {
        await fireAlert(tx, { ...subject, title: `${item.name}: past its freshness SLA`, detail: describeBreach(breach, objectType === 'pipeline' ? 'run' : 'load'), href });
        fired++;
      } else if (open.has(item.id)) {
        await resolveAlert(tx, { ...subject, title: `${item.name}: fresh again`, resolution: 'the data it serves is within its freshness SLA again' });
      }
    }
  });
  return fired;
}

/** Every pipeline and dataset, a page at a time (never all at once), against its freshness SLA. */
export async function evaluateSlas(db: Db, now = new Date()): Promise<{ breaching: number }> {
  let breaching = 0;
  for (const [objectType, list, owners] of [
    ['pipeline', listPipelineHealth, pipelineOwners],
    ['dataset', listDatasetHealth, datasetOwners],
  ] as const) {
    let after: KeysetKey | null = null;
    do {
      const page: { items: Health[]; nextKey: KeysetKey | null } = await list(db, { after, limit: PAGE }, now);
      breaching += await evaluatePage(db, objectType, page.items, owners);
      after = page.nextKey;
    } while (after);
  }
  return { breaching };
}

/** The periodic evaluation; it writes page by page in `run` (each page's alerts in one transaction)
 * and queues the next evaluation when it finishes, whichever way. */
export function slaJobHandler(db: Db): JobHandler<{ breaching: number }> {
  return {
    run: () => evaluateSlas(db),
    async commit(tx) {
      await scheduleSlaEvaluation(tx);
    },
    async fail(tx) {
      await scheduleSlaEvaluation(tx);
    },
  };
}

