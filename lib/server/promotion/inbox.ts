import 'server-only';
import { and, asc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { PageQuery } from '@/lib/pagination/query';
import { isDecider } from '@/lib/promotion/states';
import type { Db } from '@/lib/server/db/client';
import { experiments, pipelines, promotionRequests, promotionStatus, users } from '@/lib/server/db/schema';
import { afterKey, exactTime, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import type { SessionUser } from '@/lib/server/users/users';

/** The inbox's page size. */
export const InboxPage = PageQuery({ defaultLimit: 25, maxLimit: 100 });

export type InboxItem = { id: string; title: string; pipelineName: string; authorName: string; submittedAt: Date; waitingSince: Date };

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

export async function listInbox(db: Db, user: SessionUser, page: PageRequest): Promise<KeyedPage<InboxItem>> {
  if (!isDecider(user)) return { items: [], nextKey: null };
  const rows = await db
    .select({
      id: promotionRequests.id,
      annotations: experiments.annotations,
      pipelineName: pipelines.name,
      authorName: users.name,
      submittedAt: promotionRequests.createdAt,
      waitingSince: promotionStatus.since,
      sinceKey: exactTime(promotionStatus.since),
    })
    .from(promotionStatus)
    .innerJoin(promotionRequests, eq(promotionRequests.id, promotionStatus.requestId))
    .innerJoin(pipelines, eq(pipelines.id, promotionRequests.pipelineId))
    .innerJoin(experiments, eq(experiments.id, promotionRequests.artifactId))
    .innerJoin(users, eq(users.id, promotionRequests.authorId))
    .where(and(waitingFor(user), afterKey(page, 'asc', [[promotionStatus.since, 'timestamptz'], [promotionStatus.requestId, 'text']])))
    .orderBy(asc(promotionStatus.since), asc(promotionStatus.requestId))
    .limit(page.limit + 1);
  const keyed = keyedPage(rows, page, (row) => [row.sinceKey, row.id]);
  return { items: keyed.items.map(({ annotations, sinceKey: _, ...row }) => ({ ...row, title: annotations.title })), nextKey: keyed.nextKey };
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
