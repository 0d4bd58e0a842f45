import { ENGINE_CHECKERS } from '@/lib/auth/roles';
import { createNativeEngine } from '@/lib/engine/native';
import { parityJson, runParitySuite } from '@/lib/engine/parity-queries';
import { json, route } from '@/lib/server/http/route';

type ServerParity = { version: unknown; varchar: ReturnType<typeof parityJson>; raw: ReturnType<typeof parityJson> };

async function runOnServer(): Promise<ServerParity> {
  const engine = await createNativeEngine({ threads: 1 });
  try {
    const version = (await engine.query('SELECT version()')).rows[0]?.[0];
    return { version, varchar: parityJson(await runParitySuite(engine)), raw: parityJson(await runParitySuite(engine, 'raw')) };
  } finally {
    await engine.close();
  }
}

// The server's answers cannot change while the process runs (same DuckDB, same queries), so the suite
// runs at most once per process however often the page is opened: no caller can make the server start
// engines at will. A failed run is forgotten, so the next request tries again.
let serverParity: Promise<ServerParity> | null = null;

/** The parity suite on the server engine, for the browser to compare its own run against. */
export const GET = route({ anyRole: ENGINE_CHECKERS }, async () => {
  serverParity ??= runOnServer().catch((error: unknown) => {
    serverParity = null;
    throw error;
  });
  return json(await serverParity);
});
