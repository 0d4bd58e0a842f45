import { readConfig } from '@/lib/server/config';
import { openDatabase, type Database } from '@/lib/server/db/client';
import type { Output } from './replay';

/** Opens the configured metadata database (DATABASE_URL, or the embedded one in ASSAY_DATA_DIR). */
export async function withDatabase<T>(io: Output, body: (database: Database) => Promise<T>): Promise<T | null> {
  let database: Database;
  try {
    const config = readConfig();
    database = openDatabase(config.database.kind === 'postgres' ? config.database : { kind: 'pglite', dataDir: config.database.dataDir });
    await database.migrate();
  } catch (error) {
    io.err(`cannot open the Assay database: ${(error as Error).message}`);
    return null;
  }
  try {
    return await body(database);
  } finally {
    await database.close();
  }
}


/** The value after `--name` on the command line, if any. */
export function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}
