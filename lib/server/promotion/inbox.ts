import 'server-only';
import { and, asc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { isDecider } from '@/lib/promotion/states';
import type { Db } from '@/lib/server/db/client';
import { experiments, pipelines, promotionRequests, promotionStatus, users } from '@/lib/server/db/schema';
import type { SessionUser } from '@/lib/server/users/users';

export const INBOX_LIMIT = { default: 25, max: 100 } as const;

export const InboxQuery = z.object({
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number({ message: 'a number' }).int('a whole number').min(1, 'at least 1').max(INBOX_LIMIT.max, `at most ${INBOX_LIMIT.max}`).default(INBOX_LIMIT.default),
});

export type InboxItem = { id: string; title: string; pipelineName: string; authorName: string; submittedAt: Date; waitingSince: Date };

type Cursor = { since: string; id: string };
const encode = (c: Cursor) => Buffer.from(JSON.stringify([c.since, c.id])).toString('base64url');
function decode(cursor: string): Cursor {
  try {
    const [since, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof since === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(since))) return { since, id };
  } catch {
    // fall through to the refusal
  }
  throw new AppError('bad_request', 'cursor: not a cursor this list gave out; start again without it');
}

/**
 * What waits for `user` to decide: requests in review they did not submit, have not approved on the
 * current gate run, and that still need their role — a reviewer is not needed once the approvals are
 * counted and only a steward's is missing; a steward is needed until the request is promoted. Oldest
 * first (by the time they entered review), keyset-paginated on (that time, request id).
 */
function waitingFor(user: SessionUser): SQL | undefined {
  const r = promotionRequests;
  const latestRun = sql`(select max(g.id) from gate_runs g where g.request_id = ${r.id})`;
  const approvedByMe = sql`exists (select 1 from reviews v where v.request_id = ${r.id} and v.reviewer_id = ${user.id} and v.decision = 'approve' and v.gate_run_id = ${latestRun})`;
  const approvals = sql`(select count(distinct v.reviewer_id) from reviews v where v.request_id = ${r.id} and v.decision = 'approve' and v.artifact_id = ${r.artifactId} and v.reviewer_id <> ${r.authorId} and v.gate_run_id = ${latestRun})`;
  return and(
    eq(promotionStatus.status, 'in_review'),
    ne(r.authorId, user.id),
    sql`not ${approvedByMe}`,
    user.roles.includes('steward') ? undefined : sql`${approvals} < ${pipelines.requiredApprovals}`,
  );
}

export async function listInbox(db: Db, user: SessionUser, query: { cursor?: string; limit?: number } = {}): Promise<{ items: InboxItem[]; nextCursor: string | null }> {
  if (!isDecider(user)) return { items: [], nextCursor: null };
  const limit = query.limit ?? INBOX_LIMIT.default;
  const after = query.cursor === undefined ? undefined : decode(query.cursor);
  const rows = await db
    .select({
      id: promotionRequests.id,
      annotations: experiments.annotations,
      pipelineName: pipelines.name,
      authorName: users.name,
      submittedAt: promotionRequests.createdAt,
      waitingSince: promotionStatus.since,
      sinceKey: sql<string>`${promotionStatus.since}::text`,
    })
    .from(promotionStatus)
    .innerJoin(promotionRequests, eq(promotionRequests.id, promotionStatus.requestId))
    .innerJoin(pipelines, eq(pipelines.id, promotionRequests.pipelineId))
    .innerJoin(experiments, eq(experiments.id, promotionRequests.artifactId))
    .innerJoin(users, eq(users.id, promotionRequests.authorId))
    .where(and(waitingFor(user), after ? sql`(${promotionStatus.since}, ${promotionStatus.requestId}) > (${after.since}::timestamptz, ${after.id})` : undefined))
    .orderBy(asc(promotionStatus.since), asc(promotionStatus.requestId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ annotations, sinceKey: _, ...row }) => ({ ...row, title: annotations.title })),
    nextCursor: rows.length > limit && last ? encode({ since: last.sinceKey, id: last.id }) : null,
  };
}

/** The number the top bar shows beside Reviews. */
export async function inboxCount(db: Db, user: SessionUser): Promise<number> {
  if (!isDecider(user)) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(promotionStatus)
    .innerJoin(promotionRequests, eq(promotionRequests.id, promotionStatus.requestId))
    .innerJoin(pipelines, eq(pipelines.id, promotionRequests.pipelineId))
    .where(waitingFor(user));
  return row?.n ?? 0;
}
