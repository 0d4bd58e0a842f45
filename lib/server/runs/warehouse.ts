import 'server-only';
import { dirname, join } from 'node:path';
import type { Warehouse } from '@/lib/warehouse/types';
import type { Db } from '@/lib/server/db/client';
import { getWarehouse, warehousePath } from '@/lib/server/sources/warehouse';
import { reconcileViews } from './publish';

const globalForRuns = globalThis as unknown as { __assayProductionWarehouse?: Promise<Warehouse> };

/** The process's warehouse with its production views rebuilt from the publish rows once, first: a
 * process killed between the views and the row leaves them apart only until the next start. */
export function productionWarehouse(db: Db): Promise<Warehouse> {
  globalForRuns.__assayProductionWarehouse ??= getWarehouse().then(async (warehouse) => {
    await reconcileViews(db, warehouse);
    return warehouse;
  });
  return globalForRuns.__assayProductionWarehouse;
}

/** Where each publish's Parquet files and manifest go: next to the warehouse file. */
export const publishedRoot = (env: Record<string, string | undefined> = process.env) => join(dirname(warehousePath(env)), 'published');
