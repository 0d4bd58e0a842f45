import 'server-only';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AuditSearch } from '@/lib/audit/search';
import type { Db } from '@/lib/server/db/client';
import { rowsOf } from '@/lib/server/db/rows';
import { auditEvents, userRoles, users } from '@/lib/server/db/schema';
import { afterKey, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';

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

/** Newest first, one page; every filter is an equality in SQL that an index answers with the seq order. */
export async function listAuditEvents(db: Db, search: AuditSearch, page: PageRequest): Promise<KeyedPage<AuditEventRow>> {
  const conditions: (SQL | undefined)[] = [
    search.action ? eq(auditEvents.action, search.action) : undefined,
    search.actorId ? eq(auditEvents.actorId, search.actorId) : undefined,
    search.objectType ? eq(auditEvents.objectType, search.objectType) : undefined,
    search.objectId ? eq(auditEvents.objectId, search.objectId) : undefined,
    afterKey(page, 'desc', [[auditEvents.seq, 'bigint']]),
  ];
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
    .limit(page.limit + 1);
  return keyedPage(rows, page, (row) => [row.seq]);
}

export type AuditPerson = { name: string; roles: string[] };

/** Names and current roles of the users a page of events mentions: actors, users acted on, approvers. */
export async function peopleOf(db: Db, events: AuditEventRow[]): Promise<Map<string, AuditPerson>> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.actorId) ids.add(e.actorId);
    if (e.objectType === 'user') ids.add(e.objectId);
    if (Array.isArray(e.details.approvers)) for (const id of e.details.approvers) if (typeof id === 'string') ids.add(id);
  }
  if (ids.size === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name, role: userRoles.role })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(inArray(users.id, [...ids]))
    .orderBy(asc(userRoles.role));
  const people = new Map<string, AuditPerson>();
  for (const row of rows) {
    const person = people.get(row.id) ?? { name: row.name, roles: [] };
    if (row.role) person.roles.push(row.role);
    people.set(row.id, person);
  }
  return people;
}

/** The distinct values of one indexed column by a loose index scan (one index probe per value), so
 * the filter choices cost the same at 100 events as at 10 million. */
async function distinctValues(db: Db, column: 'action' | 'object_type'): Promise<string[]> {
  const c = sql.identifier(column);
  const rows = rowsOf<{ value: string }>(
    await db.execute(sql`
      WITH RECURSIVE walk(value) AS (
        (SELECT ${c} FROM audit_events ORDER BY ${c} LIMIT 1)
        UNION ALL
        SELECT (SELECT ${c} FROM audit_events WHERE ${c} > walk.value ORDER BY ${c} LIMIT 1) FROM walk WHERE walk.value IS NOT NULL
      )
      SELECT value FROM walk WHERE value IS NOT NULL`),
  );
  return rows.map((r) => r.value);
}

/** What the filters offer: the actions and object types that occur, and the users. */
export async function auditFilterChoices(db: Db): Promise<{ actions: string[]; objectTypes: string[]; actors: { id: string; name: string }[] }> {
  const [actions, objectTypes, actors] = await Promise.all([
    distinctValues(db, 'action'),
    distinctValues(db, 'object_type'),
    db.select({ id: users.id, name: users.name }).from(users).orderBy(asc(users.name)),
  ]);
  return { actions, objectTypes, actors };
}
