import type { Engine } from '@/lib/engine/types';
import { fingerprintTable } from '@/lib/artifact/fingerprint';
import { quoteIdent } from '@/lib/notebook/execute';
import { generateSandbox, type GeneratedTable, type SandboxDataset, type SandboxResult } from '@/lib/synth';
import type { SampleSpec, SandboxSpec } from '@/lib/synth/spec';
import type { SampleManifest, SampleTable } from './manifest';

/** Where a sample's tables come from: the server's API in the browser, its files on the server. */
export type SampleSource = {
  manifest(id: string): Promise<SampleManifest>;
  /** One table as an Arrow IPC stream of text columns; `onBytes` reports progress. */
  table(id: string, table: SampleTable, onBytes?: (received: number) => void): Promise<Uint8Array>;
};

/**
 * Puts a sandbox's input tables into `engine`: generated for a synthetic spec, fetched and loaded for
 * a sample. A sample table whose fingerprint differs from its manifest's is refused (a truncated or
 * tampered file), so what a run reads is exactly what the server drew.
 */
export async function buildSandbox(
  engine: Engine,
  datasets: readonly SandboxDataset[],
  spec: SandboxSpec,
  options: { samples?: SampleSource; onProgress?: (step: string) => void } = {},
): Promise<SandboxResult> {
  if (spec.kind === 'synthetic') return generateSandbox(engine, datasets, spec, options.onProgress);
  if (!options.samples) throw new Error(`the input is sample ${spec.sampleId} of production, which only the Assay server holds: replay it on the server`);
  return loadSample(engine, spec, options.samples, options.onProgress);
}

async function loadSample(engine: Engine, spec: SampleSpec, samples: SampleSource, onProgress?: (step: string) => void): Promise<SandboxResult> {
  const started = performance.now();
  const manifest = await samples.manifest(spec.sampleId);
  if (manifest.seed !== spec.seed || manifest.rate !== spec.rate) {
    throw new Error(`sample ${spec.sampleId} was drawn with seed ${manifest.seed} at rate ${manifest.rate}, not seed ${spec.seed} at rate ${spec.rate}`);
  }
  const tables: GeneratedTable[] = [];
  for (const [i, table] of manifest.tables.entries()) {
    const step = `Fetching ${table.name} (${table.rows.toLocaleString('en-US')} rows, ${i + 1} of ${manifest.tables.length})`;
    onProgress?.(step);
    const tableStarted = performance.now();
    const ipc = await samples.table(spec.sampleId, table, (received) => onProgress?.(`${step}: ${Math.min(100, Math.round((100 * received) / Math.max(1, table.bytes)))}%`));
    const drop = `DROP TABLE IF EXISTS ${quoteIdent(table.name)}`;
    await engine.query(drop, { exactTypes: false });
    await engine.loadTextTable(table.name, table.columns, ipc).catch((error: unknown) => {
      throw new Error(`sample ${spec.sampleId}: table ${table.name} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    });
    const loaded = await fingerprintTable(engine, table.name);
    if (loaded.fingerprint !== table.fingerprint || loaded.rows !== table.rows) {
      await engine.query(drop, { exactTypes: false });
      throw new Error(`sample ${spec.sampleId}: table ${table.name} does not hash to what the server drew (${loaded.rows} rows, ${loaded.fingerprint}; expected ${table.rows}, ${table.fingerprint})`);
    }
    tables.push({ name: table.name, rows: table.rows, columns: table.columns.length, bytes: table.bytes, hash: table.fingerprint, elapsedMs: performance.now() - tableStarted });
  }
  return { tables, elapsedMs: performance.now() - started };
}
