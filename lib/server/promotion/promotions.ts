import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNull, not, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ArtifactContent } from '@/lib/artifact/schema';
import { AppError } from '@/lib/errors';
import { PageQuery } from '@/lib/pagination/query';
import type { GateRunResult, SubmitBody } from '@/lib/promotion/types';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db, Tx } from '@/lib/server/db/client';
import {
  experiments,
  gateRuns,
  pipelines,
  pipelineVersions,
  promotionRequests,
  promotionStates,
  reviews,
  users,
  type PromotionStatus,
} from '@/lib/server/db/schema';
import { latestReplay } from '@/lib/server/experiments/replays';
import { enqueueJob, pendingJob } from '@/lib/server/jobs/queue';
import { afterKey, exactTime, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import type { SessionUser } from '@/lib/server/users/users';

export const GATES_JOB = 'promotion.gates';

export type Review = { seq: number; reviewerId: string; reviewerName: string; decision: string; gateRunId: number | null; artifactId: string; roles: string[]; comment: string; createdAt: Date };

export type Promotion = {
  id: string;
  pipeline: { id: string; name: string; ownerId: string; ownerName: string; requiredApprovals: number; currentVersion: number | null };
  artifact: { id: string; title: string; content: ArtifactContent };
  authorId: string;
  authorName: string;
  baseVersion: number | null;
  submission: typeof promotionRequests.$inferSelect.submission;
  status: PromotionStatus;
  history: { status: PromotionStatus; actorName: string | null; note: string | null; at: Date }[];
  gateRun: { id: number; passed: 'yes' | 'no' | 'error'; result: GateRunResult; at: Date } | null;
  gatesPending: boolean;
  reviews: Review[];
  /** Approvals that count now: for this artifact and the latest gate run, not by the author. */
  approvals: Review[];
  /** What approval still needs, in words; empty when a further approval would promote. */
  needs: string[];
  createdAt: Date;
};

/** Why an artifact may not be submitted, or null when it may: it must be reproducible (flagged so
 * by its recording and matched by its latest replay) and every recorded check must pass. */
export async function submittable(db: Db | Tx, experimentId: string): Promise<string | null> {
  const [row] = await db.select({ content: experiments.content }).from(experiments).where(eq(experiments.id, experimentId));
  if (!row) return `experiment ${experimentId} does not exist`;
  if (!row.content.reproducible.ok) return `it was recorded as not reproducible: ${row.content.reproducible.reasons[0]}`;
  const failing = row.content.checks.filter((c) => c.status !== 'pass');
  if (failing.length > 0) return `${failing.length} of its checks did not pass: ${failing.map((c) => c.label).slice(0, 3).join('; ')}`;
  if (row.content.models.length === 0) return 'it has no models to promote';
  const replay = await latestReplay(db, experimentId);
  if (replay === null) return 'the server has not replayed it yet';
  if (replay.status !== 'match') return `its replay ended in ${replay.status}${replay.error ? `: ${replay.error}` : ''}`;
  return null;
}

async function appendState(tx: Tx, requestId: string, status: PromotionStatus, actorId: string | null, note: string | null = null) {
  await tx.insert(promotionStates).values({ requestId, status, actorId, note });
}

export async function enqueueGates(tx: Tx, requestId: string) {
  return enqueueJob(tx, { kind: GATES_JOB, subject: requestId, payload: { requestId } });
}

/** Submits the author's artifact to a pipeline (an existing one, or a new one they will own). The
 * request is bound to the artifact id; the gates are queued with it. */
const CLOSED: readonly PromotionStatus[] = ['rejected', 'promoted', 'changes_requested'];

export async function submitPromotion(db: Db, user: SessionUser, body: SubmitBody): Promise<{ id: string }> {
  const id = `pr_${randomBytes(8).toString('hex')}`;
  await db.transaction(async (tx) => {
    const [artifact] = await tx.select({ authorId: experiments.authorId }).from(experiments).where(eq(experiments.id, body.artifactId));
    if (!artifact) throw new AppError('not_found', `experiment ${body.artifactId} does not exist`);
    if (artifact.authorId !== user.id) throw new AppError('forbidden', 'only the author of an experiment can submit it for promotion');
    const why = await submittable(tx, body.artifactId);
    if (why) throw new AppError('not_submittable', `this experiment cannot be submitted: ${why}`);

    let pipelineId: string;
    let baseVersion: number | null;
    if ('id' in body.pipeline) {
      const [pipeline] = await tx.select().from(pipelines).where(eq(pipelines.id, body.pipeline.id));
      if (!pipeline) throw new AppError('not_found', `pipeline ${body.pipeline.id} does not exist`);
      pipelineId = pipeline.id;
      baseVersion = pipeline.currentVersion;
    } else {
      const [taken] = await tx.select({ id: pipelines.id }).from(pipelines).where(eq(pipelines.name, body.pipeline.name));
      if (taken) throw new AppError('conflict', `a pipeline named ${body.pipeline.name} exists already: submit to it instead`);
      pipelineId = `pl_${randomBytes(8).toString('hex')}`;
      baseVersion = null;
      await tx.insert(pipelines).values({ id: pipelineId, name: body.pipeline.name, ownerId: user.id });
      await appendAudit(tx, { actorId: user.id, action: 'pipeline.created', objectType: 'pipeline', objectId: pipelineId, details: { name: body.pipeline.name } });
    }
    const open = await tx
      .select({ id: promotionRequests.id })
      .from(promotionRequests)
      .where(and(eq(promotionRequests.artifactId, body.artifactId), eq(promotionRequests.pipelineId, pipelineId)));
    for (const other of open) {
      const status = await currentStatus(tx, other.id);
      // Sent back, the same experiment may come again with a new submission (say, an acknowledgement).
      if (!CLOSED.includes(status)) throw new AppError('conflict', `this experiment is already submitted to that pipeline (${other.id}, ${status})`);
    }
    await tx.insert(promotionRequests).values({ id, pipelineId, artifactId: body.artifactId, authorId: user.id, baseVersion, submission: body.submission });
    await appendState(tx, id, 'gates_queued', user.id);
    const job = await enqueueGates(tx, id);
    await appendAudit(tx, {
      actorId: user.id,
      action: 'promotion.submitted',
      objectType: 'promotion',
      objectId: id,
      details: { pipelineId, artifactId: body.artifactId, baseVersion, jobId: job.id },
    });
  });
  return { id };
}

export async function currentStatus(db: Db | Tx, requestId: string): Promise<PromotionStatus> {
  const [state] = await db
    .select({ status: promotionStates.status })
    .from(promotionStates)
    .where(eq(promotionStates.requestId, requestId))
    .orderBy(desc(promotionStates.seq))
    .limit(1);
  if (!state) throw new AppError('not_found', `promotion request ${requestId} does not exist`);
  return state.status;
}

export async function latestGateRun(db: Db | Tx, requestId: string) {
  const [run] = await db.select().from(gateRuns).where(eq(gateRuns.requestId, requestId)).orderBy(desc(gateRuns.id)).limit(1);
  return run ?? null;
}

export function countingApprovals(request: { authorId: string; artifactId: string }, gateRunId: number | null, all: readonly Review[]): Review[] {
  const seen = new Set<string>();
  return all.filter((r) => {
    const counts = r.decision === 'approve' && r.reviewerId !== request.authorId && r.artifactId === request.artifactId && r.gateRunId === gateRunId && gateRunId !== null;
    if (!counts || seen.has(r.reviewerId)) return false;
    seen.add(r.reviewerId);
    return true;
  });
}

/** What approval still needs: the pipeline's number of approvals, and a steward when the change is
 * breaking or declares PII. */
export function approvalNeeds(required: number, run: GateRunResult | null, approvals: readonly Review[]): string[] {
  const needs: string[] = [];
  if (approvals.length < required) needs.push(`${required - approvals.length} more approval${required - approvals.length === 1 ? '' : 's'}`);
  const stewardNeeded = run !== null && (run.breaking || run.piiDeclared);
  if (stewardNeeded && !approvals.some((a) => a.roles.includes('steward'))) needs.push(`a steward's approval (${run!.breaking ? 'breaking change' : 'declared PII'})`);
  return needs;
}

export async function reviewsOf(db: Db | Tx, requestId: string): Promise<Review[]> {
  return db
    .select({
      seq: reviews.seq,
      reviewerId: reviews.reviewerId,
      reviewerName: users.name,
      decision: reviews.decision,
      gateRunId: reviews.gateRunId,
      artifactId: reviews.artifactId,
      roles: reviews.roles,
      comment: reviews.comment,
      createdAt: reviews.createdAt,
    })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.reviewerId))
    .where(eq(reviews.requestId, requestId))
    .orderBy(reviews.seq);
}

export async function getPromotionOrThrow(db: Db | Tx, id: string): Promise<Promotion> {
  const [row] = await db
    .select({ request: promotionRequests, pipeline: pipelines, authorName: users.name })
    .from(promotionRequests)
    .innerJoin(pipelines, eq(pipelines.id, promotionRequests.pipelineId))
    .innerJoin(users, eq(users.id, promotionRequests.authorId))
    .where(eq(promotionRequests.id, id));
  if (!row) throw new AppError('not_found', `promotion request ${id} does not exist`);
  const { request, pipeline } = row;
  const [owner] = await db.select({ name: users.name }).from(users).where(eq(users.id, pipeline.ownerId));
  const [artifact] = await db.select({ content: experiments.content, annotations: experiments.annotations }).from(experiments).where(eq(experiments.id, request.artifactId));
  const history = await db
    .select({ status: promotionStates.status, actorName: users.name, note: promotionStates.note, at: promotionStates.createdAt })
    .from(promotionStates)
    .leftJoin(users, eq(users.id, promotionStates.actorId))
    .where(eq(promotionStates.requestId, id))
    .orderBy(promotionStates.seq);
  const run = await latestGateRun(db, id);
  const all = await reviewsOf(db, id);
  const approvals = countingApprovals(request, run?.id ?? null, all);
  return {
    id,
    pipeline: { id: pipeline.id, name: pipeline.name, ownerId: pipeline.ownerId, ownerName: owner?.name ?? '', requiredApprovals: pipeline.requiredApprovals, currentVersion: pipeline.currentVersion },
    artifact: { id: request.artifactId, title: artifact!.annotations.title, content: artifact!.content },
    authorId: request.authorId,
    authorName: row.authorName,
    baseVersion: request.baseVersion,
    submission: request.submission,
    status: history.at(-1)!.status,
    history,
    gateRun: run ? { id: run.id, passed: run.passed, result: run.result, at: run.createdAt } : null,
    gatesPending: (await pendingJob(db, GATES_JOB, id)) !== null,
    reviews: all,
    approvals,
    needs: approvalNeeds(pipeline.requiredApprovals, run?.result ?? null, approvals),
    createdAt: request.createdAt,
  };
}

export type PromotionSummary = { id: string; pipelineName: string; artifactId: string; title: string; authorName: string; status: PromotionStatus; createdAt: Date };

/** Requests waiting for something (gates, a review, the author) apart from those decided for good. */
export const DECIDED_STATUSES = ['promoted', 'rejected'] as const satisfies readonly PromotionStatus[];
export const PromotionSearch = z.object({
  pipelineId: z.string().min(1).max(64).optional(),
  state: z.enum(['open', 'decided']).optional(),
});
export type PromotionFilter = z.infer<typeof PromotionSearch>;
/** The request list's page size. */
export const PromotionPage = PageQuery({ defaultLimit: 50, maxLimit: 200 });

/** Newest first, one page; the open/decided filter reads each request's latest state (one index lookup
 * per row, through promotion_states_request_idx) before the limit. */
export async function listPromotions(db: Db, filter: PromotionFilter, page: PageRequest): Promise<KeyedPage<PromotionSummary>> {
  const latest = db
    .select({ status: promotionStates.status })
    .from(promotionStates)
    .where(eq(promotionStates.requestId, promotionRequests.id))
    .orderBy(desc(promotionStates.seq))
    .limit(1)
    .as('latest_state');
  const decided = inArray(latest.status, [...DECIDED_STATUSES]);
  const rows = await db
    .select({
      id: promotionRequests.id,
      pipelineName: pipelines.name,
      artifactId: promotionRequests.artifactId,
      annotations: experiments.annotations,
      authorName: users.name,
      status: latest.status,
      createdAt: promotionRequests.createdAt,
      cursorAt: exactTime(promotionRequests.createdAt),
    })
    .from(promotionRequests)
    .innerJoin(pipelines, eq(pipelines.id, promotionRequests.pipelineId))
    .innerJoin(experiments, eq(experiments.id, promotionRequests.artifactId))
    .innerJoin(users, eq(users.id, promotionRequests.authorId))
    .leftJoinLateral(latest, sql`true`)
    .where(
      and(
        filter.pipelineId ? eq(promotionRequests.pipelineId, filter.pipelineId) : undefined,
        filter.state === 'decided' ? decided : filter.state === 'open' ? or(isNull(latest.status), not(decided)) : undefined,
        afterKey(page, 'desc', [
          [promotionRequests.createdAt, 'timestamptz'],
          [promotionRequests.id, 'text'],
        ]),
      ),
    )
    .orderBy(desc(promotionRequests.createdAt), desc(promotionRequests.id))
    .limit(page.limit + 1);
  const keyed = keyedPage(rows, page, (row) => [row.cursorAt, row.id]);
  return {
    ...keyed,
    items: keyed.items.map(({ annotations, cursorAt: _cursorAt, ...r }) => ({ ...r, title: annotations.title, status: r.status ?? 'gates_queued' })),
  };
}

/** Runs the gates again (after gates_error, or when production moved since they ran); approvals given
 * on the previous run stop counting, because each names the gate run it saw. */
export async function rerunGates(db: Db, input: { requestId: string; user: SessionUser }): Promise<void> {
  await db.transaction(async (tx) => {
    const [request] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, input.requestId)).for('update');
    if (!request) throw new AppError('not_found', `promotion request ${input.requestId} does not exist`);
    const isReviewer = input.user.roles.includes('reviewer') || input.user.roles.includes('steward');
    if (request.authorId !== input.user.id && !isReviewer) throw new AppError('forbidden', 'only the author or a reviewer can run the gates again');
    const status = await currentStatus(tx, request.id);
    if (status === 'promoted' || status === 'rejected') throw new AppError('conflict', `the request is ${status}; submit the experiment again instead`);
    if (await pendingJob(tx, GATES_JOB, request.id)) throw new AppError('conflict', 'the gates are already running for this request');
    // The new run compares against whatever is in production when it runs.
    await appendState(tx, request.id, 'gates_queued', input.user.id);
    const job = await enqueueGates(tx, request.id);
    await appendAudit(tx, { actorId: input.user.id, action: 'promotion.gates_requested', objectType: 'promotion', objectId: request.id, details: { jobId: job.id } });
  });
}

/** The production version's artifact content and docs, for gates and diffs. */
export async function productionOf(db: Db | Tx, pipelineId: string, version: number | null) {
  if (version === null) return null;
  const [row] = await db
    .select({ content: experiments.content, docs: pipelineVersions.docs, artifactId: pipelineVersions.artifactId })
    .from(pipelineVersions)
    .innerJoin(experiments, eq(experiments.id, pipelineVersions.artifactId))
    .where(and(eq(pipelineVersions.pipelineId, pipelineId), eq(pipelineVersions.version, version)));
  return row ?? null;
}

export { appendState };
