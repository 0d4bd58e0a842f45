import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { StoredReplay } from '@/lib/artifact/replay';
import type { Tx } from '@/lib/server/db/client';
import { datasets, experiments, userRoles } from '@/lib/server/db/schema';
import { fireAlert, resolveAlert } from './alerts';

/**
 * Where each rule fires and resolves, one function per place that records what happened; each runs
 * inside that place's transaction (docs/observability.md, "Alerts"). The SLA rule is evaluated
 * periodically instead (sla.ts): a breach is the absence of an event.
 */

/** A finished production run: `failed` fires run_failed, `checks_failed` fires check_failed; a published
 * run resolves run_failed and any run whose blocking checks passed (published or built) resolves check_failed. */
export async function runAlerts(
  tx: Tx,
  input: { pipeline: { id: string; name: string; ownerId: string }; runId: number; version: number; status: string; detail: string | null },
): Promise<void> {
  const { pipeline } = input;
  const subject = { objectType: 'pipeline', objectId: pipeline.id, ownerIds: [pipeline.ownerId] };
  const href = `/pipelines/${pipeline.id}/runs/${input.runId}`;
  if (input.status === 'failed') {
    await fireAlert(tx, { ...subject, rule: 'run_failed', title: `${pipeline.name}: production run failed`, detail: `run ${input.runId} of version ${input.version}: ${input.detail ?? 'failed'}`.slice(0, 2_000), href });
  }
  if (input.status === 'checks_failed') {
    await fireAlert(tx, { ...subject, rule: 'check_failed', title: `${pipeline.name}: a blocking check failed`, detail: `run ${input.runId} of version ${input.version}: ${input.detail ?? 'checks failed'}`.slice(0, 2_000), href });
  }
  if (input.status === 'published') {
    await resolveAlert(tx, { ...subject, rule: 'run_failed', title: `${pipeline.name}: production runs again`, resolution: `run ${input.runId} of version ${input.version} published` });
  }
  if (input.status === 'published' || input.status === 'built') {
    await resolveAlert(tx, { ...subject, rule: 'check_failed', title: `${pipeline.name}: blocking checks pass again`, resolution: `run ${input.runId} of version ${input.version} passed its blocking checks` });
  }
}

/** A finished load: any drift (blocked or accepted) fires schema_drift; a load without drift resolves it. */
export async function driftAlerts(tx: Tx, input: { datasetId: string; ownerId: string; snapshotId: number; blocked: boolean; summary: string | null }): Promise<void> {
  const [dataset] = await tx.select({ name: datasets.name }).from(datasets).where(eq(datasets.id, input.datasetId));
  const name = dataset?.name ?? input.datasetId;
  const subject = { rule: 'schema_drift' as const, objectType: 'dataset', objectId: input.datasetId, ownerIds: [input.ownerId] };
  if (input.summary !== null) {
    const outcome = input.blocked ? 'the load was quarantined' : 'the load was accepted (additive)';
    await fireAlert(tx, { ...subject, title: `${name}: schema drift`, detail: `${input.summary}; ${outcome} (snapshot ${input.snapshotId})`.slice(0, 2_000), href: `/catalog/${input.datasetId}` });
  } else {
    await resolveAlert(tx, { ...subject, title: `${name}: loads without drift again`, resolution: `snapshot ${input.snapshotId} loaded without drift` });
  }
}

/** A load job: one that gave up (its attempts used) fires load_failed on the dataset; any load that
 * finishes — published or quarantined, the source was read — resolves it. */
export async function loadAlerts(tx: Tx, input: { datasetId: string; ownerId: string } & ({ failed: string } | { snapshotId: number })): Promise<void> {
  const [dataset] = await tx.select({ name: datasets.name }).from(datasets).where(eq(datasets.id, input.datasetId));
  const name = dataset?.name ?? input.datasetId;
  const subject = { rule: 'load_failed' as const, objectType: 'dataset', objectId: input.datasetId, ownerIds: [input.ownerId] };
  if ('failed' in input) {
    await fireAlert(tx, { ...subject, title: `${name}: load failed`, detail: `${input.failed}; the previous snapshot stays current`.slice(0, 2_000), href: `/catalog/${input.datasetId}` });
  } else {
    await resolveAlert(tx, { ...subject, title: `${name}: loads again`, resolution: `snapshot ${input.snapshotId} loaded` });
  }
}

/** A stored replay: a mismatch fires replay_mismatch on the experiment, a match resolves it. */
export async function replayAlerts(tx: Tx, input: { experimentId: string; result: StoredReplay }): Promise<void> {
  if (input.result.status !== 'match' && input.result.status !== 'mismatch') return;
  const [experiment] = await tx.select({ authorId: experiments.authorId }).from(experiments).where(eq(experiments.id, input.experimentId));
  if (!experiment) return;
  const subject = { rule: 'replay_mismatch' as const, objectType: 'experiment', objectId: input.experimentId, ownerIds: [experiment.authorId] };
  if (input.result.status === 'mismatch') {
    await fireAlert(tx, { ...subject, title: `Experiment ${input.experimentId.slice(0, 12)}: replay does not match the recording`, detail: 'a server-side replay produced other results than the recorded ones', href: `/experiments/${input.experimentId}` });
  } else {
    await resolveAlert(tx, { ...subject, title: `Experiment ${input.experimentId.slice(0, 12)}: replay matches again`, resolution: 'a later replay matched the recording' });
  }
}

const admins = async (tx: Tx) => (await tx.select({ id: userRoles.userId }).from(userRoles).where(inArray(userRoles.role, ['admin']))).map((r) => r.id);

/** An audit verification: a break fires audit_chain_broken to every admin; only a full verification
 * that passes resolves it (a quick one trusts a checkpoint). */
export async function auditChainAlerts(
  tx: Tx,
  input: { ok: true; full: boolean } | { ok: false; reason: string; brokenAt: { seq: number; action: string } },
): Promise<void> {
  const subject = { rule: 'audit_chain_broken' as const, objectType: 'audit', objectId: 'chain', ownerIds: await admins(tx) };
  if (!input.ok) {
    await fireAlert(tx, { ...subject, title: 'The audit chain is broken', detail: `entry ${input.brokenAt.seq} (${input.brokenAt.action}): ${input.reason}`, href: '/audit' });
  } else if (input.full) {
    await resolveAlert(tx, { ...subject, title: 'The audit chain verifies again', resolution: 'a full verification of the chain passed' });
  }
}
