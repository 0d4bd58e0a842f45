import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { SAMPLE_READERS } from '@/lib/samples/roles';
import { param, route } from '@/lib/server/http/route';
import { takeSampleTable } from '@/lib/server/samples/samples';

/** `GET /api/samples/<id>/tables/<table>`: the table as an Arrow IPC stream of text columns (cast to
 * the manifest's types by the engine that loads it), streamed from its file. Audited. */
export const GET = route({ anyRole: SAMPLE_READERS }, async ({ app, params, user }) => {
  const { path, bytes } = await takeSampleTable(app.db, { sampleId: param(params, 'id'), table: param(params, 'table'), userId: user.id });
  return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, {
    headers: { 'content-type': 'application/vnd.apache.arrow.stream', 'content-length': String(bytes), 'cache-control': 'no-store' },
  });
});
