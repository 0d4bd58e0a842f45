import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { SAMPLE_READERS } from '@/lib/samples/roles';
import { param, route } from '@/lib/server/http/route';
import { takeSampleTable } from '@/lib/server/samples/samples';

/** `GET /api/samples/<id>/tables/<table>`: the table as an Arrow IPC stream of text columns (cast to
 * the manifest's types by the engine that loads it), streamed as its gzip file. Audited. */
export const GET = route({ anyRole: SAMPLE_READERS }, async ({ app, params, user }) => {
  const { path, bytes } = await takeSampleTable(app.db, { sampleId: param(params, 'id'), table: param(params, 'table'), userId: user.id });
  return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, {
    // The file is the gzip of the stream, sent as a gzip file (not Content-Encoding, which Next drops
    // from a route's response): the client inflates it with DecompressionStream.
    headers: { 'content-type': 'application/gzip', 'content-length': String(bytes), 'cache-control': 'no-store' },
  });
});
