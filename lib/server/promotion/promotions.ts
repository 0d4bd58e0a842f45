import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, inArray, not, notInArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ArtifactContent } from '@/lib/artifact/schema';
import { AppError } from '@/lib/errors';
import { PageQuery } from '@/lib/pagination/query';
import { CLOSED_STATUSES, isDecider, isOpen, statusLabel, transition, type PromotionEvent, type PromotionStatus } from '@/lib/promotion/states';
import type { GateRunResult, PromotionSubmission, SubmitBody } from '@/lib/promotion/types';
import { appendAudit } from '@/lib/server/audit/append';
import { notifyReviewers } from './notify';
import type { Db, Tx } from '@/lib/server/db/client';
import {
  experiments,
  gateRuns,
  pipelines,
  pipelineVersions,
  promotionRequests,
  promotionStates,
  promotionStatus,
  promotionSubmissions,
  reviews,
  users,
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
  /** The submission in force (the latest), and every one in order. */
  submission: PromotionSubmission;
  submissions: { number: number; submission: PromotionSubmission; at: Date }[];
  status: PromotionStatus;
  history: { status: PromotionStatus; actorName: string | null; note: string | null; at: Date }[];
  gateRun: { id: number; passed: 'yes' | 'no' | 'error'; result: GateRunResult; submissionNumber: number; at: Date } | null;
  gatesPending: boolean;
  reviews: Review[];
  /** Approvals that count now: for this artifact and the latest gate run, not by the author. */
  approvals: Review[];
  /** What approval still needs, in words; empty when a further approval would promote. */
  needs: string[];
  /** The newest later request of the same experiment to the same pipeline (after a withdrawal). */
  laterRequest: string | null;
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

/** Moves a request on by `event` (409 when its status does not allow it), in the caller's transaction:
 * appends the state to the history and keeps promotion_status in step. */
async function applyEvent(tx: Tx, requestId: string, event: PromotionEvent, actorId: string | null, note: string | null = null): Promise<PromotionStatus> {
  const [current] = await tx.select({ status: promotionStatus.status }).from(promotionStatus).where(eq(promotionStatus.requestId, requestId)).for('update');
  if (!current) throw new AppError('not_found', `promotion request ${requestId} does not exist`);
  const t = transition(current.status, event);
  if (!t.ok) throw new AppError('conflict', t.reason);
  await tx.insert(promotionStates).values({ requestId, status: t.to, actorId, note });
  await tx.update(promotionStatus).set({ status: t.to, since: sql`now()` }).where(eq(promotionStatus.requestId, requestId));
  return t.to;
}

export async function enqueueGates(tx: Tx, requestId: string, submission: number) {
  return enqueueJob(tx, { kind: GATES_JOB, subject: requestId, payload: { requestId, submission } });
}

/** 23505, through drizzle's wrapping: the one open request per artifact and pipeline was taken. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error || (typeof e === 'object' && e !== null); e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
    if (!(e as { cause?: unknown }).cause) break;
  }
  return false;
}

/** Outputs must be models of the artifact: the rest are intermediate. */
function checkOutputs(content: ArtifactContent, submission: PromotionSubmission): void {
  const models = new Set(content.models.map((m) => m.name));
  const unknown = submission.outputs.filter((o) => !models.has(o));
  if (unknown.length > 0) throw new AppError('invalid_body', `outputs: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a model' : 'are not models'} of this experiment`);
}

async function openRequestOf(db: Db | Tx, artifactId: string, pipelineId: string) {
  const [row] = await db
    .select({ id: promotionStatus.requestId, status: promotionStatus.status })
    .from(promotionStatus)
    .where(and(eq(promotionStatus.artifactId, artifactId), eq(promotionStatus.pipelineId, pipelineId), notInArray(promotionStatus.status, [...CLOSED_STATUSES])));
  return row ?? null;
}

const alreadyOpen = (open: { id: string; status: PromotionStatus }) =>
  new AppError('conflict', `this experiment is already in open request ${open.id} to that pipeline (${statusLabel(open.status)}): fix its submission there, or withdraw it and submit again`, {
    requestId: open.id,
  });

/** Submits the author's artifact to a pipeline (an existing one, or a new one they will own). The
 * request is bound to the artifact id; the gates are queued with it. An artifact has at most one open
 * request per pipeline (the database refuses a second, also under concurrent submits); the author's
 * other requests to the pipeline that wait for them (gates failed, sent back) are superseded by it. */
export async function submitPromotion(db: Db, user: SessionUser, body: SubmitBody): Promise<{ id: string; superseded: string[] }> {
  const id = `pr_${randomBytes(8).toString('hex')}`;
  const superseded: string[] = [];
  try {
    await db.transaction(async (tx) => {
      const [artifact] = await tx.select({ authorId: experiments.authorId, content: experiments.content }).from(experiments).where(eq(experiments.id, body.artifactId));
      if (!artifact) throw new AppError('not_found', `experiment ${body.artifactId} does not exist`);
      if (artifact.authorId !== user.id) throw new AppError('forbidden', 'only the author of an experiment can submit it for promotion');
      const why = await submittable(tx, body.artifactId);
      if (why) throw new AppError('not_submittable', `this experiment cannot be submitted: ${why}`);
      checkOutputs(artifact.content, body.submission);

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
      // The friendly refusal; the unique index below is the guarantee.
      const open = await openRequestOf(tx, body.artifactId, pipelineId);
      if (open) throw alreadyOpen(open);
      await tx.insert(promotionRequests).values({ id, pipelineId, artifactId: body.artifactId, authorId: user.id, baseVersion, submission: body.submission });
      await tx.insert(promotionSubmissions).values({ requestId: id, number: 1, submission: body.submission, authorId: user.id });
      await tx.insert(promotionStatus).values({ requestId: id, artifactId: body.artifactId, pipelineId, status: 'gates_queued' });
      await tx.insert(promotionStates).values({ requestId: id, status: 'gates_queued', actorId: user.id });
      const waiting = await tx
        .select({ id: promotionStatus.requestId })
        .from(promotionStatus)
        .innerJoin(promotionRequests, eq(promotionRequests.id, promotionStatus.requestId))
        .where(and(eq(promotionStatus.pipelineId, pipelineId), eq(promotionRequests.authorId, user.id), inArray(promotionStatus.status, ['gates_failed', 'gates_error', 'changes_requested'])));
      for (const other of waiting) {
        if (other.id === id) continue;
        await applyEvent(tx, other.id, { type: 'superseded' }, user.id, `superseded by ${id}`);
        await notifyReviewers(tx, { requestId: other.id, actorId: user.id, what: 'superseded by a new request', body: `The author submitted the experiment again as request ${id}.` });
        await appendAudit(tx, { actorId: user.id, action: 'promotion.superseded', objectType: 'promotion', objectId: other.id, details: { by: id } });
        superseded.push(other.id);
      }
      const job = await enqueueGates(tx, id, 1);
      await appendAudit(tx, {
        actorId: user.id,
        action: 'promotion.submitted',
        objectType: 'promotion',
        objectId: id,
        details: { pipelineId, artifactId: body.artifactId, baseVersion, jobId: job.id, outputs: body.submission.outputs },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error) || !('id' in body.pipeline)) throw error;
    // Another submit of the same artifact to the same pipeline committed first.
    const open = await openRequestOf(db, body.artifactId, body.pipeline.id);
    throw open ? alreadyOpen(open) : error;
  }
  return { id, superseded };
}

/** The author's new submission on their open request (fixed docs, outputs, declarations): numbered,
 * kept beside the earlier ones, and judged by a new gate run (so earlier approvals stop counting). */
export async function resubmit(db: Db, input: { requestId: string; user: SessionUser; submission: PromotionSubmission }): Promise<{ number: number }> {
  return db.transaction(async (tx) => {
    const [request] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, input.requestId)).for('update');
    if (!request) throw new AppError('not_found', `promotion request ${input.requestId} does not exist`);
    if (request.authorId !== input.user.id) throw new AppError('forbidden', 'only the author of a request can change its submission');
    const [artifact] = await tx.select({ content: experiments.content }).from(experiments).where(eq(experiments.id, request.artifactId));
    checkOutputs(artifact!.content, input.submission);
    if (await pendingJob(tx, GATES_JOB, request.id)) throw new AppError('conflict', 'the gates are running for this request: wait for them, then fix the submission');
    await applyEvent(tx, request.id, { type: 'resubmitted' }, input.user.id);
    const number = (await latestSubmission(tx, request.id)).number + 1;
    await tx.insert(promotionSubmissions).values({ requestId: request.id, number, submission: input.submission, authorId: input.user.id });
    const job = await enqueueGates(tx, request.id, number);
    await notifyReviewers(tx, { requestId: request.id, actorId: input.user.id, what: `submission ${number}`, body: 'The author fixed the submission; the gates run again and earlier approvals no longer count.' });
    await appendAudit(tx, { actorId: input.user.id, action: 'promotion.resubmitted', objectType: 'promotion', objectId: request.id, details: { submission: number, jobId: job.id, outputs: input.submission.outputs } });
    return { number };
  });
}

/** The author takes their open request back; it stays in the history as withdrawn. */
export async function withdraw(db: Db, input: { requestId: string; user: SessionUser; reason: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [request] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, input.requestId)).for('update');
    if (!request) throw new AppError('not_found', `promotion request ${input.requestId} does not exist`);
    if (request.authorId !== input.user.id) throw new AppError('forbidden', 'only the author of a request can withdraw it');
    await applyEvent(tx, request.id, { type: 'withdrawn' }, input.user.id, input.reason || null);
    await notifyReviewers(tx, { requestId: request.id, actorId: input.user.id, what: 'withdrawn', body: input.reason || undefined });
    await appendAudit(tx, { actorId: input.user.id, action: 'promotion.withdrawn', objectType: 'promotion', objectId: request.id, details: { reason: input.reason } });
  });
}

export async function submissionNumbered(db: Db | Tx, requestId: string, number: number): Promise<{ number: number; submission: PromotionSubmission; at: Date }> {
  const [row] = await db
    .select({ number: promotionSubmissions.number, submission: promotionSubmissions.submission, at: promotionSubmissions.createdAt })
    .from(promotionSubmissions)
    .where(and(eq(promotionSubmissions.requestId, requestId), eq(promotionSubmissions.number, number)));
  if (!row) throw new AppError('not_found', `promotion request ${requestId} has no submission ${number}`);
  return row;
}

/** The submission in force: the latest one. */
export async function latestSubmission(db: Db | Tx, requestId: string): Promise<{ number: number; submission: PromotionSubmission; at: Date }> {
  const [row] = await db
    .select({ number: promotionSubmissions.number, submission: promotionSubmissions.submission, at: promotionSubmissions.createdAt })
    .from(promotionSubmissions)
    .where(eq(promotionSubmissions.requestId, requestId))
    .orderBy(desc(promotionSubmissions.number))
    .limit(1);
  if (!row) throw new AppError('not_found', `promotion request ${requestId} has no submission`);
  return row;
}

export async function currentStatus(db: Db | Tx, requestId: string): Promise<PromotionStatus> {
  const [row] = await db.select({ status: promotionStatus.status }).from(promotionStatus).where(eq(promotionStatus.requestId, requestId));
  if (!row) throw new AppError('not_found', `promotion request ${requestId} does not exist`);
  return row.status;
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
  // Before the gate run and the history: gates that finish between the reads then still show as pending.
  const gatesPending = (await pendingJob(db, GATES_JOB, id)) !== null;
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
  const submissions = await db
    .select({ number: promotionSubmissions.number, submission: promotionSubmissions.submission, at: promotionSubmissions.createdAt })
    .from(promotionSubmissions)
    .where(eq(promotionSubmissions.requestId, id))
    .orderBy(promotionSubmissions.number);
  const [later] = await db
    .select({ id: promotionRequests.id })
    .from(promotionRequests)
    .where(and(eq(promotionRequests.artifactId, request.artifactId), eq(promotionRequests.pipelineId, request.pipelineId), gt(promotionRequests.createdAt, request.createdAt)))
    .orderBy(desc(promotionRequests.createdAt))
    .limit(1);
  const approvals = countingApprovals(request, run?.id ?? null, all);
  return {
    id,
    pipeline: { id: pipeline.id, name: pipeline.name, ownerId: pipeline.ownerId, ownerName: owner?.name ?? '', requiredApprovals: pipeline.requiredApprovals, currentVersion: pipeline.currentVersion },
    artifact: { id: request.artifactId, title: artifact!.annotations.title, content: artifact!.content },
    authorId: request.authorId,
    authorName: row.authorName,
    baseVersion: request.baseVersion,
    submission: submissions.at(-1)?.submission ?? request.submission,
    submissions,
    status: history.at(-1)!.status,
    history,
    gateRun: run ? { id: run.id, passed: run.passed, result: run.result, submissionNumber: run.submissionNumber ?? 1, at: run.createdAt } : null,
    gatesPending,
    reviews: all,
    approvals,
    needs: approvalNeeds(pipeline.requiredApprovals, run?.result ?? null, approvals),
    laterRequest: later?.id ?? null,
    createdAt: request.createdAt,
  };
}

export type PromotionSummary = { id: string; pipelineName: string; artifactId: string; title: string; authorName: string; status: PromotionStatus; createdAt: Date };

export const PromotionSearch = z.object({
  pipelineId: z.string().min(1).max(64).optional(),
  /** open: waiting for gates, a review or the author; decided: closed for good (lib/promotion/states.ts). */
  state: z.enum(['open', 'decided']).optional(),
});
export type PromotionFilter = z.infer<typeof PromotionSearch>;
/** The request list's page size. */
export const PromotionPage = PageQuery({ defaultLimit: 50, maxLimit: 200 });

/** Newest first, one page; the open/decided filter reads each request's current status row
 * (promotion_status) before the limit. */
export async function listPromotions(db: Db, filter: PromotionFilter, page: PageRequest): Promise<KeyedPage<PromotionSummary>> {
  const closed = inArray(promotionStatus.status, [...CLOSED_STATUSES]);
  const rows = await db
    .select({
      id: promotionRequests.id,
      pipelineName: pipelines.name,
      artifactId: promotionRequests.artifactId,
      annotations: experiments.annotations,
      authorName: users.name,
      status: promotionStatus.status,
      createdAt: promotionRequests.createdAt,
      cursorAt: exactTime(promotionRequests.createdAt),
    })
    .from(promotionRequests)
    .innerJoin(promotionStatus, eq(promotionStatus.requestId, promotionRequests.id))
    .innerJoin(pipelines, eq(pipelines.id, promotionRequests.pipelineId))
    .innerJoin(experiments, eq(experiments.id, promotionRequests.artifactId))
    .innerJoin(users, eq(users.id, promotionRequests.authorId))
    .where(
      and(
        filter.pipelineId ? eq(promotionRequests.pipelineId, filter.pipelineId) : undefined,
        filter.state === 'decided' ? closed : filter.state === 'open' ? not(closed) : undefined,
        afterKey(page, 'desc', [
          [promotionRequests.createdAt, 'timestamptz'],
          [promotionRequests.id, 'text'],
        ]),
      ),
    )
    .orderBy(desc(promotionRequests.createdAt), desc(promotionRequests.id))
    .limit(page.limit + 1);
  const keyed = keyedPage(rows, page, (row) => [row.cursorAt, row.id]);
  return { ...keyed, items: keyed.items.map(({ annotations, cursorAt: _cursorAt, ...r }) => ({ ...r, title: annotations.title })) };
}

/** Runs the gates again (after gates_error, or when production moved since they ran); approvals given
 * on the previous run stop counting, because each names the gate run it saw. */
export async function rerunGates(db: Db, input: { requestId: string; user: SessionUser }): Promise<void> {
  await db.transaction(async (tx) => {
    const [request] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, input.requestId)).for('update');
    if (!request) throw new AppError('not_found', `promotion request ${input.requestId} does not exist`);
    if (request.authorId !== input.user.id && !isDecider(input.user)) throw new AppError('forbidden', 'only the author or a reviewer can run the gates again');
    if (await pendingJob(tx, GATES_JOB, request.id)) throw new AppError('conflict', 'the gates are already running for this request');
    // The new run compares against whatever is in production when it runs.
    await applyEvent(tx, request.id, { type: 'gates_requested' }, input.user.id);
    const job = await enqueueGates(tx, request.id, (await latestSubmission(tx, request.id)).number);
    await appendAudit(tx, { actorId: input.user.id, action: 'promotion.gates_requested', objectType: 'promotion', objectId: request.id, details: { jobId: job.id } });
  });
}

/** The production version's artifact content and docs, for gates and diffs. */
export async function productionOf(db: Db | Tx, pipelineId: string, version: number | null) {
  if (version === null) return null;
  const [row] = await db
    .select({ content: experiments.content, docs: pipelineVersions.docs, outputs: pipelineVersions.outputs, artifactId: pipelineVersions.artifactId })
    .from(pipelineVersions)
    .innerJoin(experiments, eq(experiments.id, pipelineVersions.artifactId))
    .where(and(eq(pipelineVersions.pipelineId, pipelineId), eq(pipelineVersions.version, version)));
  return row ? { ...row, outputs: row.outputs ?? row.content.models.map((m) => m.name) } : null;
}

export { applyEvent };

/** The latest submission of every request of this artifact, newest request first: the submit dialog
 * prefills from them and adds to the open one. */
export async function earlierSubmissions(db: Db | Tx, artifactId: string) {
  const rows = await db
    .selectDistinctOn([promotionSubmissions.requestId], {
      requestId: promotionSubmissions.requestId,
      pipelineId: promotionRequests.pipelineId,
      status: promotionStatus.status,
      number: promotionSubmissions.number,
      submission: promotionSubmissions.submission,
      createdAt: promotionRequests.createdAt,
    })
    .from(promotionSubmissions)
    .innerJoin(promotionRequests, eq(promotionRequests.id, promotionSubmissions.requestId))
    .innerJoin(promotionStatus, eq(promotionStatus.requestId, promotionSubmissions.requestId))
    .where(eq(promotionRequests.artifactId, artifactId))
    .orderBy(promotionSubmissions.requestId, desc(promotionSubmissions.number));
  return rows
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map(({ createdAt: _, ...r }) => ({ ...r, open: isOpen(r.status) }));
}
