import 'server-only';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, openSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { eq } from 'drizzle-orm';
import { describeFile, FILE_FORMATS, FILE_TABLE, type FileFormat } from '@/lib/sources/files';
import type { SourceColumn } from '@/lib/sources/types';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/lib/server/audit/append';
import type { Db } from '@/lib/server/db/client';
import { connections } from '@/lib/server/db/schema';
import { warehousePath } from './warehouse';

/** Uploads beyond this are refused while they stream (ASSAY_UPLOAD_MAX_BYTES, default 1 GiB). */
export const uploadLimit = (env: Record<string, string | undefined> = process.env) => Number(env.ASSAY_UPLOAD_MAX_BYTES || 1024 ** 3);

/** A files connection's directory, next to the warehouse in the data directory. */
export const filesDir = (connectionId: string) => join(dirname(warehousePath()), 'files', connectionId);

const PARQUET_MAGIC = 'PAR1';

function magicAt(path: string, position: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(4);
    readSync(fd, buffer, 0, 4, position);
    return buffer.toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Parquet by its magic bytes at both ends; anything else must read as CSV by DuckDB's sniffer. */
async function formatOf(path: string, size: number): Promise<{ format: FileFormat; columns: SourceColumn[] }> {
  const parquet = size >= 8 && magicAt(path, 0) === PARQUET_MAGIC && magicAt(path, size - 4) === PARQUET_MAGIC;
  const format: FileFormat = parquet ? 'parquet' : 'csv';
  try {
    const columns = await describeFile(path, format);
    if (columns.length === 0) throw new Error('no columns');
    return { format, columns };
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AppError('invalid_body', `the upload is not a CSV or Parquet file DuckDB can read: ${why}`);
  }
}

/**
 * Stores an upload as table `table` of a files connection: streamed to a temporary file with a size
 * limit (never held in memory), refused when empty or unreadable as CSV or Parquet, then moved over the
 * table's previous file in one rename — the next load snapshots the new file. Audited.
 */
export async function storeUpload(db: Db, input: { connectionId: string; table: string; body: WebReadableStream<Uint8Array> | null; actorId: string }): Promise<{ table: string; format: FileFormat; bytes: number; columns: SourceColumn[] }> {
  const [connection] = await db.select().from(connections).where(eq(connections.id, input.connectionId));
  if (!connection) throw new AppError('not_found', `connection ${input.connectionId} does not exist`);
  if (connection.kind !== 'files') throw new AppError('conflict', `connection ${connection.name} is a ${connection.kind} database: files are uploaded to a files connection`);
  if (connection.disabledAt) throw new AppError('conflict', `connection ${connection.name} is disabled`);
  if (!FILE_TABLE.test(input.table)) throw new AppError('bad_request', 'table: a lower_snake_case name of at most 63 characters', { parameter: 'table' });
  if (!input.body) throw new AppError('invalid_body', 'the upload is empty (0 bytes)');
  const dir = filesDir(connection.id);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.upload-${randomUUID()}`);
  const limit = uploadLimit();
  let bytes = 0;
  try {
    const counted = Readable.fromWeb(input.body).on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) counted.destroy(new AppError('payload_too_large', `the upload is over the ${limit.toLocaleString('en-US')}-byte limit (ASSAY_UPLOAD_MAX_BYTES)`));
    });
    // Opened here, not by the stream: a stream destroyed before its lazy open would create the file
    // after `finally` has removed it.
    await pipeline(counted, createWriteStream(temp, { fd: openSync(temp, 'w') }));
    const size = statSync(temp).size;
    if (size === 0) throw new AppError('invalid_body', 'the upload is empty (0 bytes)');
    const { format, columns } = await formatOf(temp, size);
    for (const other of FILE_FORMATS) if (other !== format) rmSync(join(dir, `${input.table}.${other}`), { force: true });
    renameSync(temp, join(dir, `${input.table}.${format}`));
    await appendAudit(db, { actorId: input.actorId, action: 'source.file_uploaded', objectType: 'connection', objectId: connection.id, details: { table: input.table, format, bytes: size } });
    return { table: input.table, format, bytes: size, columns };
  } finally {
    rmSync(temp, { force: true });
  }
}
