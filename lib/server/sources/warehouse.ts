import 'server-only';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { openDuckdbWarehouse } from '@/lib/warehouse/duckdb';
import type { Warehouse } from '@/lib/warehouse/types';

/** ASSAY_WAREHOUSE_PATH, else `warehouse.duckdb` in the data directory. */
export function warehousePath(env: Record<string, string | undefined> = process.env): string {
  return env.ASSAY_WAREHOUSE_PATH || join(env.ASSAY_DATA_DIR || './.assay', 'warehouse.duckdb');
}

const globalForWarehouse = globalThis as unknown as { __assayWarehouse?: Promise<Warehouse> };

/** One warehouse per process (a DuckDB file has one writer process): the job worker's, which the
 * pages of the same process read from. */
export function getWarehouse(): Promise<Warehouse> {
  globalForWarehouse.__assayWarehouse ??= openDuckdbWarehouse({ path: warehousePath(), threads: availableParallelism() });
  return globalForWarehouse.__assayWarehouse;
}
