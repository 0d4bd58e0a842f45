import { createNativeEngine } from '@/lib/engine/native';
import { parityJson, runParitySuite } from '@/lib/engine/parity-queries';
import { json, route } from '@/lib/server/http/route';

/** The parity suite on the server engine, for the browser to compare its own run against. */
export const GET = route({ signedIn: true }, async () => {
  const engine = await createNativeEngine({ threads: 1 });
  try {
    const version = (await engine.query('SELECT version()')).rows[0]?.[0];
    return json({ version, varchar: parityJson(await runParitySuite(engine)), raw: parityJson(await runParitySuite(engine, 'raw')) });
  } finally {
    await engine.close();
  }
});
