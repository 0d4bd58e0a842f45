import 'server-only';
import { and, asc, desc, eq, lt, type SQL } from 'drizzle-orm';
import { AUDIT_PAGE_SIZE, type AuditSearch } from '@/lib/audit/search';
import type { Db } from '@/lib/server/db/client';
import { auditEvents, users } from '@/lib/server/db/schema';

export type AuditEventRow = {
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  objectType: string;
  objectId: string;
  details: Record<string, unknown>;
  hash: string | null;
};

/** Newest first, one page; `nextBefore` is the `before` of the next (older) page, null on the last. */
export async function listAuditEvents(db: Db, search: AuditSearch): Promise<{ events: AuditEventRow[]; nextBefore: number | null }> {
  const conditions: SQL[] = [];
  if (search.action) conditions.push(eq(auditEvents.action, search.action));
  if (search.actorId) conditions.push(eq(auditEvents.actorId, search.actorId));
  if (search.objectType) conditions.push(eq(auditEvents.objectType, search.objectType));
  if (search.objectId) conditions.push(eq(auditEvents.objectId, search.objectId));
  if (search.before) conditions.push(lt(auditEvents.seq, search.before));
  const rows = await db
    .select({
      seq: auditEvents.seq,
      occurredAt: auditEvents.occurredAt,
      actorId: auditEvents.actorId,
      actorName: users.name,
      action: auditEvents.action,
      objectType: auditEvents.objectType,
      objectId: auditEvents.objectId,
      details: auditEvents.details,
      hash: auditEvents.hash,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.seq))
    .limit(AUDIT_PAGE_SIZE + 1);
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  return { events, nextBefore: rows.length > AUDIT_PAGE_SIZE ? (events.at(-1)?.seq ?? null) : null };
}

/** What the filters offer: the actions and object types that occur, and the users. */
export async function auditFilterChoices(db: Db): Promise<{ actions: string[]; objectTypes: string[]; actors: { id: string; name: string }[] }> {
  const [actions, objectTypes, actors] = await Promise.all([
    db.selectDistinct({ action: auditEvents.action }).from(auditEvents).orderBy(asc(auditEvents.action)),
    db.selectDistinct({ objectType: auditEvents.objectType }).from(auditEvents).orderBy(asc(auditEvents.objectType)),
    db.select({ id: users.id, name: users.name }).from(users).orderBy(asc(users.name)),
  ]);
  return { actions: actions.map((a) => a.action), objectTypes: objectTypes.map((o) => o.objectType), actors };
}
