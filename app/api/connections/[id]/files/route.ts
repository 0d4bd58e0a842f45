import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { queryOf } from '@/lib/sources/schema';
import { json, param, route } from '@/lib/server/http/route';
import { storeUpload } from '@/lib/server/sources/files';

/** Media types an upload may be sent as (the browser's `File.type`, or none at all). */
const UPLOAD_TYPES = ['text/csv', 'application/vnd.ms-excel', 'application/octet-stream', 'application/vnd.apache.parquet', 'application/x-parquet'];

/** `POST /api/connections/<id>/files?table=<name>` with the file as the body: a CSV or Parquet file
 * becomes (or replaces) table `name` of a files connection; its columns come back. */
export const POST = route(
  { anyRole: SOURCE_MANAGERS },
  async ({ app, req, params, user }) => {
    const table = queryOf(req.url).table ?? '';
    const stored = await storeUpload(app.db, { connectionId: param(params, 'id'), table, body: req.body as WebReadableStream<Uint8Array> | null, actorId: user.id });
    return json(stored, 201);
  },
  { bodyTypes: UPLOAD_TYPES },
);
