import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** An input of a run as it was resolved when the run was asked for. */
export type RunInputSnapshot = {
  datasetId: string;
  name: string;
  snapshotId: number;
  physicalTable: string;
  rows: number;
  fingerprint: string;
  /** When the snapshot finished loading (ISO): production freshness is measured from the oldest. */
  loadedAt: string;
};

/** A run's identity: the version and the exact snapshots it reads. Two runs with one key produce the
 * same tables, so a key that already published needs no work. */
export function runKey(pipelineId: string, version: number, inputs: readonly Pick<RunInputSnapshot, 'name' | 'snapshotId'>[]): string {
  const snapshots = [...inputs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((i) => [i.name, i.snapshotId]);
  return createHash('sha256').update(canonicalize({ pipelineId, version, snapshots })!).digest('hex');
}

/** The warehouse schema of a run's physical tables: named by run and version. */
export const runSchemaName = (runId: number, version: number) => `run_${runId}_v${version}` as const;
export const verifySchemaName = (runId: number, verification: number) => `run_${runId}_verify${verification}` as const;
