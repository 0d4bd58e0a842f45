import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type { Db, Tx } from '@/lib/server/db/client';
import { experiments, promotionRequests, reviews } from '@/lib/server/db/schema';
import { notify } from '@/lib/server/notifications/notifications';

/** What changed on a request, told to the people it concerns; called inside the changing transaction. */
export type RequestChange = { requestId: string; actorId: string | null; what: string; body?: string };

async function requestOf(tx: Db | Tx, requestId: string) {
  const [row] = await tx
    .select({ authorId: promotionRequests.authorId, annotations: experiments.annotations })
    .from(promotionRequests)
    .innerJoin(experiments, eq(experiments.id, promotionRequests.artifactId))
    .where(eq(promotionRequests.id, requestId));
  return row ?? null;
}

const message = (title: string, change: RequestChange) => ({
  title: `${title}: ${change.what}`,
  body: change.body,
  href: `/promotions/${change.requestId}`,
  objectType: 'promotion',
  objectId: change.requestId,
});

/** Everyone who reviewed or commented on the request, except whoever made the change. */
export async function notifyReviewers(tx: Db | Tx, change: RequestChange): Promise<void> {
  const request = await requestOf(tx, change.requestId);
  if (!request) return;
  const rows = await tx
    .selectDistinct({ id: reviews.reviewerId })
    .from(reviews)
    .where(change.actorId ? and(eq(reviews.requestId, change.requestId), ne(reviews.reviewerId, change.actorId)) : eq(reviews.requestId, change.requestId));
  await notify(tx, { userIds: rows.map((r) => r.id).filter((id) => id !== request.authorId), kind: 'promotion.changed', ...message(request.annotations.title, change) });
}

/** The request's author, when someone (or something: the gates) other than them changed it. */
export async function notifyAuthor(tx: Db | Tx, change: RequestChange): Promise<void> {
  const request = await requestOf(tx, change.requestId);
  if (!request || request.authorId === change.actorId) return;
  await notify(tx, { userIds: [request.authorId], kind: 'promotion.decided', ...message(request.annotations.title, change) });
}
