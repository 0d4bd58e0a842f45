import 'server-only';
import { and, eq, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ARTIFACT_ID } from '@/lib/artifact/schema';
import { REVIEW_ACTIONS } from '@/lib/audit/actions';
import { AppError } from '@/lib/errors';
import { requestRun } from '@/lib/server/runs/requests';
import { appendAudit } from '@/lib/server/audit/append';
import { notifyAuthor, notifyReviewers } from './notify';
import type { Db, Tx } from '@/lib/server/db/client';
import { pipelines, pipelineVersions, promotionRequests, reviews } from '@/lib/server/db/schema';
import type { SessionUser } from '@/lib/server/users/users';
import { cannotDecide, transition, type PromotionEvent } from '@/lib/promotion/states';
import { applyEvent, approvalNeeds, countingApprovals, currentStatus, latestGateRun, latestSubmission, reviewsOf } from './promotions';

export const ReviewBody = z.strictObject({
  decision: z.enum(['approve', 'reject', 'request_changes', 'comment']),
  /** The evidence the reviewer saw: an approval for anything else is refused. */
  artifactId: z.string().regex(ARTIFACT_ID, 'an artifact id: 64 lowercase hex digits'),
  gateRunId: z.number().int().positive().nullable(),
  comment: z.string().trim().max(10_000),
});
export type ReviewBody = z.infer<typeof ReviewBody>;

const EVENT_OF = { approve: 'promoted', reject: 'rejected', request_changes: 'changes_requested' } as const satisfies Record<Exclude<ReviewBody['decision'], 'comment'>, PromotionEvent['type']>;

/**
 * A review of a request. Approve, reject and request changes need the reviewer or steward role, a
 * request in review, and the exact artifact and gate run the request has now (else `stale_evidence`);
 * the request's author can never decide it, whatever their roles. Comments are open to every signed-in
 * user. The request row is locked first, so two reviewers acting at once are serialized: the second
 * sees what the first did. The approval that completes the requirements promotes in the same
 * transaction (compare-and-swap on the production pointer); if that fails nothing is stored.
 */
export async function review(db: Db, input: { requestId: string; user: SessionUser; body: ReviewBody }): Promise<{ promotedVersion: number | null }> {
  const { user, body } = input;
  return db.transaction(async (tx) => {
    const [request] = await tx.select().from(promotionRequests).where(eq(promotionRequests.id, input.requestId)).for('update');
    if (!request) throw new AppError('not_found', `promotion request ${input.requestId} does not exist`);
    const run = await latestGateRun(tx, request.id);
    if (body.decision !== 'comment') {
      const status = await currentStatus(tx, request.id);
      const why = cannotDecide({ authorId: request.authorId, status }, user);
      if (why) throw new AppError('forbidden', request.authorId === user.id ? 'the author of a request can never approve, reject or decide it — not even an admin' : `deciding a request needs the reviewer or steward role; you have ${user.roles.join(', ') || 'none'}`);
      // A request whose gates failed can still be rejected or sent back; only one in review is approved.
      const allowed = transition(status, { type: EVENT_OF[body.decision] });
      if (!allowed.ok) throw new AppError('conflict', allowed.reason);
      if (body.artifactId !== request.artifactId || run === null || body.gateRunId !== run.id) {
        throw new AppError('stale_evidence', `the evidence changed since you looked: the request is now artifact ${request.artifactId.slice(0, 12)}…, gate run ${run?.id ?? 'none'}; reload and review again`);
      }
    }
    await tx.insert(reviews).values({
      requestId: request.id,
      reviewerId: user.id,
      decision: body.decision,
      artifactId: body.artifactId,
      gateRunId: body.gateRunId,
      roles: user.roles,
      comment: body.comment,
    });
    await appendAudit(tx, {
      actorId: user.id,
      action: REVIEW_ACTIONS[body.decision],
      objectType: 'promotion',
      objectId: request.id,
      details: { artifactId: body.artifactId, gateRunId: body.gateRunId },
    });
    const said = { comment: 'a comment', approve: 'approved', reject: 'rejected', request_changes: 'changes requested' }[body.decision];
    const change = { requestId: request.id, actorId: user.id, what: `${said} by ${user.name}`, body: body.comment || undefined };
    await notifyReviewers(tx, change);
    if (body.decision !== 'approve') await notifyAuthor(tx, change);
    if (body.decision === 'reject' || body.decision === 'request_changes') await applyEvent(tx, request.id, { type: EVENT_OF[body.decision] }, user.id, body.comment || null);
    if (body.decision !== 'approve') return { promotedVersion: null };

    const [pipeline] = await tx.select().from(pipelines).where(eq(pipelines.id, request.pipelineId)).for('update');
    const approvals = countingApprovals(request, run!.id, await reviewsOf(tx, request.id));
    if (approvalNeeds(pipeline!.requiredApprovals, run!.result, approvals).length > 0) return { promotedVersion: null };
    const expected = run!.result.productionVersion;
    const version = await promote(tx, { request, expected, approvals, promotedBy: user.id });
    await applyEvent(tx, request.id, { type: 'promoted' }, user.id, `version ${version}`);
    await notifyAuthor(tx, { requestId: request.id, actorId: user.id, what: `promoted as version ${version}`, body: `The approval of ${user.name} completed the review.` });
    await firstRun(tx, request.pipelineId, user.id);
    return { promotedVersion: version };
  });
}

/** Creates the next immutable version and moves the pointer from `expected` to it, or refuses when
 * production is no longer `expected` (another promotion or a rollback won). */
async function promote(
  tx: Tx,
  input: { request: typeof promotionRequests.$inferSelect; expected: number | null; approvals: { reviewerId: string; reviewerName: string; roles: string[]; createdAt: Date }[]; promotedBy: string },
): Promise<number> {
  const { request } = input;
  const { submission } = await latestSubmission(tx, request.id);
  const [{ top } = { top: null }] = await tx.select({ top: max(pipelineVersions.version) }).from(pipelineVersions).where(eq(pipelineVersions.pipelineId, request.pipelineId));
  const version = (top ?? 0) + 1;
  const moved = await tx
    .update(pipelines)
    .set({ currentVersion: version, updatedAt: sql`now()` })
    .where(and(eq(pipelines.id, request.pipelineId), input.expected === null ? sql`${pipelines.currentVersion} IS NULL` : eq(pipelines.currentVersion, input.expected)))
    .returning({ id: pipelines.id });
  if (moved.length === 0) {
    throw new AppError('stale_version', `production is no longer ${input.expected === null ? 'empty' : `version ${input.expected}`}, which the gates compared with: run the gates again`);
  }
  await tx.insert(pipelineVersions).values({
    pipelineId: request.pipelineId,
    version,
    artifactId: request.artifactId,
    requestId: request.id,
    docs: submission.docs,
    outputs: submission.outputs,
    promotedBy: input.promotedBy,
    approvals: input.approvals.map((a) => ({ reviewerId: a.reviewerId, reviewerName: a.reviewerName, roles: a.roles, at: a.createdAt.toISOString() })),
  });
  await appendAudit(tx, {
    actorId: input.promotedBy,
    action: 'pipeline.promoted',
    objectType: 'pipeline',
    objectId: request.pipelineId,
    details: { version, from: input.expected, artifactId: request.artifactId, requestId: request.id, approvers: input.approvals.map((a) => a.reviewerId) },
  });
  return version;
}

/** A promotion starts the new version's first production run, unless an input has no snapshot yet
 * (the pipeline page says which); the promotion stands either way. */
async function firstRun(tx: Tx, pipelineId: string, userId: string): Promise<void> {
  try {
    await requestRun(tx, { pipelineId, trigger: 'promotion', userId });
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
  }
}
