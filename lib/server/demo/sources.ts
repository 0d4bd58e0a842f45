import 'server-only';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { engineOnConnection } from '@/lib/engine/native';
import { defaultSandboxSpec, generateSandbox } from '@/lib/synth';
import type { App } from '@/lib/server/app';
import { bindDataset } from '@/lib/server/sources/bindings';
import { appSourceKey, createConnection } from '@/lib/server/sources/connections';
import { filesDir } from '@/lib/server/sources/files';
import { requestLoad } from '@/lib/server/sources/loads';
import { DEMO_DATASETS } from './catalog';

/** The demo's "production": generated from the same contracts with another seed than the notebook's
 * sandbox (7), so production numbers differ from the sandbox's. */
export const DEMO_PRODUCTION_SEED = 2026;

const PRIMARY_KEYS: Record<string, string[]> = { customers: ['customer_id'], orders: ['order_id'], order_items: ['order_id', 'line_no'], products: ['product_id'] };

/** Off in the unit tests (vitest's setup sets it): they build their own sources. */
export const demoSourcesEnabled = (env: Record<string, string | undefined> = process.env) => env.ASSAY_DEMO_SOURCES !== 'off';

/** Writes each demo dataset as a Parquet file (exact DuckDB types, so the contract's types come back). */
async function writeDemoFiles(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  try {
    const engine = engineOnConnection(connection, { close: async () => {} });
    await generateSandbox(engine, DEMO_DATASETS, defaultSandboxSpec(DEMO_DATASETS, DEMO_PRODUCTION_SEED));
    for (const { name } of DEMO_DATASETS) {
      await connection.run(`COPY "${name}" TO '${join(dir, `${name}.parquet`).replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The demo catalog backed by a real source without any server: a files connection "Demo files" with
 * one generated Parquet file per dataset, each dataset bound to its file and loaded once (queued: the
 * job worker loads them right after start, so the catalog shows snapshots at once).
 */
export async function seedDemoSources(app: App, stewardId: string): Promise<void> {
  const key = appSourceKey(app);
  const connection = await createConnection(app.db, key, { name: 'Demo files', kind: 'files', actorId: stewardId });
  await writeDemoFiles(filesDir(connection.id));
  for (const dataset of DEMO_DATASETS) {
    await bindDataset(app.db, key, {
      connectionId: connection.id,
      table: { schema: '', name: dataset.name },
      name: dataset.name,
      contract: dataset.contract,
      primaryKey: PRIMARY_KEYS[dataset.name] ?? [],
      cursorColumn: null,
      lookback: 0,
      driftPolicy: 'block',
      actorId: stewardId,
    });
    await requestLoad(app.db, { datasetId: dataset.name, mode: 'full', trigger: 'manual', userId: stewardId });
  }
}
