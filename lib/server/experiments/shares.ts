import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db } from '@/lib/server/db/client';
import { experimentShares, experiments } from '@/lib/server/db/schema';

export const MAX_SHARE_DAYS = 90;

export const CreateShareBody = z.strictObject({
  expiresInDays: z.number().int().min(1, 'a link lasts at least 1 day').max(MAX_SHARE_DAYS, `a link lasts at most ${MAX_SHARE_DAYS} days`),
});

/** What the author sees of a link; the token itself only once, when it is created. */
export type Share = { id: string; createdAt: Date; expiresAt: Date; revokedAt: Date | null; createdBy: string };

/** 256 random bits, URL-safe; only its sha-256 is stored, so the table alone cannot open anything. */
const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

async function authoredExperiment(db: Db, experimentId: string, userId: string, what: string): Promise<void> {
  const [row] = await db.select({ authorId: experiments.authorId }).from(experiments).where(eq(experiments.id, experimentId));
  if (!row) throw new AppError('not_found', `experiment ${experimentId} does not exist`);
  if (row.authorId !== userId) throw new AppError('forbidden', `only the author of an experiment can ${what}`);
}

export async function createShare(db: Db, input: { experimentId: string; userId: string; expiresInDays: number }): Promise<Share & { token: string }> {
  await authoredExperiment(db, input.experimentId, input.userId, 'share it');
  const token = randomBytes(32).toString('base64url');
  const id = `sh_${randomBytes(8).toString('hex')}`;
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const share = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(experimentShares)
      .values({ id, experimentId: input.experimentId, tokenHash: hashToken(token), createdBy: input.userId, expiresAt })
      .returning();
    await appendAudit(tx, {
      actorId: input.userId,
      action: 'experiment.shared',
      objectType: 'experiment',
      objectId: input.experimentId,
      details: { shareId: id, expiresAt: expiresAt.toISOString() },
    });
    return row!;
  });
  return { id: share.id, createdAt: share.createdAt, expiresAt: share.expiresAt, revokedAt: null, createdBy: share.createdBy, token };
}

export async function listShares(db: Db, input: { experimentId: string; userId: string }): Promise<Share[]> {
  await authoredExperiment(db, input.experimentId, input.userId, 'see its links');
  return db
    .select({ id: experimentShares.id, createdAt: experimentShares.createdAt, expiresAt: experimentShares.expiresAt, revokedAt: experimentShares.revokedAt, createdBy: experimentShares.createdBy })
    .from(experimentShares)
    .where(eq(experimentShares.experimentId, input.experimentId))
    .orderBy(desc(experimentShares.createdAt), experimentShares.id);
}

/** Revoking twice is allowed and changes nothing the second time. */
export async function revokeShare(db: Db, input: { experimentId: string; shareId: string; userId: string }): Promise<Share> {
  await authoredExperiment(db, input.experimentId, input.userId, 'revoke its links');
  return db.transaction(async (tx) => {
    const where = and(eq(experimentShares.id, input.shareId), eq(experimentShares.experimentId, input.experimentId));
    const [row] = await tx.select().from(experimentShares).where(where).for('update');
    if (!row) throw new AppError('not_found', `share link ${input.shareId} does not exist on experiment ${input.experimentId}`);
    if (row.revokedAt) return row;
    const [revoked] = await tx.update(experimentShares).set({ revokedAt: new Date(), revokedBy: input.userId }).where(where).returning();
    await appendAudit(tx, { actorId: input.userId, action: 'experiment.share_revoked', objectType: 'experiment', objectId: input.experimentId, details: { shareId: input.shareId } });
    return revoked!;
  });
}

/** The experiment a share token opens. A token that never existed is not_found; one that was revoked or
 * has expired is `gone`, saying which, so a stakeholder knows to ask for a new link. */
export async function experimentForToken(db: Db, token: string): Promise<string> {
  if (!TOKEN.test(token)) throw new AppError('not_found', 'this share link is not valid');
  const [row] = await db.select().from(experimentShares).where(eq(experimentShares.tokenHash, hashToken(token)));
  if (!row) throw new AppError('not_found', 'this share link is not valid');
  if (row.revokedAt) throw new AppError('gone', 'this share link was revoked by its author');
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError('gone', `this share link expired on ${row.expiresAt.toISOString().slice(0, 10)}`);
  return row.experimentId;
}
