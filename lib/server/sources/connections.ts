import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { openSource, sourceErrorMessage } from '@/lib/sources/drivers';
import { PageQuery } from '@/lib/pagination/query';
import type { ConnectionInput } from '@/lib/sources/schema';
import type { SourceColumn, SourceDriver, SourceKind, SourceTarget, TableRef } from '@/lib/sources/types';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db } from '@/lib/server/db/client';
import { connections, datasetSources } from '@/lib/server/db/schema';
import { afterKey, keyedPage, type KeyedPage, type PageRequest } from '@/lib/server/pagination/keyset';
import { filesDir } from './files';
import { connectionKey, openSecret, sealSecret } from './secrets';

/** What a steward sees of a connection: everything but the secret. */
export type ConnectionView = {
  id: string;
  name: string;
  kind: SourceKind;
  host: string;
  port: number;
  database: string;
  user: string;
  disabled: boolean;
  datasets: number;
  createdAt: string;
};
/** What everyone else sees. */
export type ConnectionName = { id: string; name: string; kind: SourceKind };

export type SecretKey = Buffer;
export const secretKeyOf = (appSecret: string): SecretKey => connectionKey(appSecret);

// Never `select()` whole rows here: the sealed secret must not ride along into a view by accident.
const viewColumns = {
  id: connections.id,
  name: connections.name,
  kind: connections.kind,
  host: connections.host,
  port: connections.port,
  database: connections.database,
  user: connections.userName,
  disabledAt: connections.disabledAt,
  createdAt: connections.createdAt,
  datasets: sql<number>`(SELECT count(*)::int FROM ${datasetSources} WHERE ${datasetSources.connectionId} = ${connections.id})`,
};

type ViewRow = { id: string; name: string; kind: SourceKind; host: string; port: number; database: string; user: string; disabledAt: Date | null; createdAt: Date; datasets: number };
const toView = ({ disabledAt, createdAt, ...row }: ViewRow): ConnectionView => ({
  ...row,
  datasets: Number(row.datasets),
  disabled: disabledAt !== null,
  createdAt: createdAt.toISOString(),
});

export async function createConnection(db: Db, key: SecretKey, input: ConnectionInput & { actorId: string }): Promise<ConnectionView> {
  const id = `conn_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const [taken] = await db.select({ id: connections.id }).from(connections).where(eq(connections.name, input.name));
  if (taken) throw new AppError('conflict', `a connection named ${input.name} already exists`);
  // A files connection points at its own directory under the data dir: nothing to enter, no secret.
  const where = input.kind === 'files' ? { host: '', port: 0, database: '', user: '', password: '' } : input;
  await db.transaction(async (tx) => {
    await tx.insert(connections).values({
      id,
      name: input.name,
      kind: input.kind,
      host: where.host,
      port: where.port,
      database: where.database,
      userName: where.user,
      secret: sealSecret(key, id, where.password),
      createdBy: input.actorId,
    });
    // The audit record names where the connection points, never its secret.
    await appendAudit(tx, {
      actorId: input.actorId,
      action: 'source.connection_created',
      objectType: 'connection',
      objectId: id,
      details: { name: input.name, kind: input.kind, host: where.host, port: where.port, database: where.database, user: where.user },
    });
  });
  return getConnectionOrThrow(db, id);
}

export async function getConnectionOrThrow(db: Db, id: string): Promise<ConnectionView> {
  const [row] = await db.select(viewColumns).from(connections).where(eq(connections.id, id));
  if (!row) throw new AppError('not_found', `connection ${id} does not exist`);
  return toView(row as ViewRow);
}

/** The connections page size. */
export const ConnectionPage = PageQuery({ defaultLimit: 25, maxLimit: 100 });

/** By name (unique), one page. */
export async function listConnections(db: Db, page: PageRequest): Promise<KeyedPage<ConnectionView>> {
  const rows = await db
    .select(viewColumns)
    .from(connections)
    .where(afterKey(page, 'asc', [[connections.name, 'text']]))
    .orderBy(asc(connections.name))
    .limit(page.limit + 1);
  return keyedPage(rows.map((row) => toView(row as ViewRow)), page, (row) => [row.name]);
}

export async function listConnectionNames(db: Db, page: PageRequest): Promise<KeyedPage<ConnectionName>> {
  const { items, nextKey } = await listConnections(db, page);
  return { items: items.map(({ id, name, kind }) => ({ id, name, kind })), nextKey };
}

/** The connection's target with its password opened, for a driver; refuses a disabled connection. */
async function targetOf(db: Db, key: SecretKey, id: string): Promise<SourceTarget & { name: string }> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  if (!row) throw new AppError('not_found', `connection ${id} does not exist`);
  if (row.disabledAt) throw new AppError('conflict', `connection ${row.name} is disabled`);
  if (row.kind === 'files') return { name: row.name, kind: row.kind, host: '', port: 0, database: filesDir(row.id), user: '', password: '' };
  return { name: row.name, kind: row.kind, host: row.host, port: row.port, database: row.database, user: row.userName, password: openSecret(key, row.id, row.secret) };
}

/** Opens a driver on a stored connection, runs `fn`, closes it; a source error leaves as
 * `source_error` with the database's own message, the password cut out. */
export async function withSource<T>(db: Db, key: SecretKey, connectionId: string, fn: (source: SourceDriver, target: SourceTarget & { name: string }) => Promise<T>): Promise<T> {
  const target = await targetOf(db, key, connectionId);
  return withTarget(target, (source) => fn(source, target));
}

async function withTarget<T>(target: SourceTarget, fn: (source: SourceDriver) => Promise<T>): Promise<T> {
  const source = openSource(target);
  try {
    return await fn(source);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('source_error', sourceErrorMessage(error, target.password));
  } finally {
    await source.close().catch(() => {});
  }
}

export type TestResult = { ok: true } | { ok: false; message: string };

/** Whether the database answers, with its own message when not; the password never appears in it. */
export async function testTarget(target: SourceTarget): Promise<TestResult> {
  try {
    await withTarget(target, (source) => source.ping());
    return { ok: true };
  } catch (error) {
    return { ok: false, message: error instanceof AppError ? error.message : 'the source did not answer' };
  }
}

export async function testConnection(db: Db, key: SecretKey, id: string): Promise<TestResult> {
  return testTarget(await targetOf(db, key, id));
}

export async function listSourceTables(db: Db, key: SecretKey, id: string): Promise<TableRef[]> {
  return withSource(db, key, id, (source) => source.listTables());
}

export async function sourceColumns(db: Db, key: SecretKey, id: string, table: TableRef): Promise<SourceColumn[]> {
  return withSource(db, key, id, async (source, target) => {
    const columns = await source.columns(table);
    if (columns.length === 0) throw new AppError('not_found', `table ${table.schema ? `${table.schema}.` : ''}${table.name} does not exist on ${target.name}`);
    return columns;
  });
}

export async function disableConnection(db: Db, input: { id: string; actorId: string }): Promise<ConnectionView> {
  await db.transaction(async (tx) => {
    const done = await tx
      .update(connections)
      .set({ disabledAt: sql`now()` })
      .where(and(eq(connections.id, input.id), sql`${connections.disabledAt} IS NULL`))
      .returning({ id: connections.id });
    if (done.length === 0) return;
    await appendAudit(tx, { actorId: input.actorId, action: 'source.connection_disabled', objectType: 'connection', objectId: input.id });
  });
  return getConnectionOrThrow(db, input.id);
}

/** Refused while a dataset loads from it (the foreign key refuses it too, should this check race). */
export async function deleteConnection(db: Db, input: { id: string; actorId: string }): Promise<void> {
  const connection = await getConnectionOrThrow(db, input.id);
  if (connection.datasets > 0) {
    throw new AppError('conflict', `connection ${connection.name} is used by ${connection.datasets} dataset(s); disable it instead, or rebind them first`);
  }
  await db.transaction(async (tx) => {
    await tx.delete(connections).where(eq(connections.id, input.id));
    await appendAudit(tx, { actorId: input.actorId, action: 'source.connection_deleted', objectType: 'connection', objectId: input.id, details: { name: connection.name } });
  });
}

/** The key the running app seals connection secrets with (demo mode's generated secret included). */
export const appSourceKey = (app: { auth: { options: { secret?: string } } }): SecretKey => {
  const secret = app.auth.options.secret;
  if (!secret) throw new Error('the app has no secret to seal connection secrets with');
  return secretKeyOf(secret);
};
