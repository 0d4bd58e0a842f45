import { refusal } from './refusals';
import { serialized } from './serial';
import { splitStatements } from './statements';
import { QueryCancelledError, type Engine, type QueryOptions, type Rows } from './types';

/** What an engine adds to the shared execution shell: running one statement on its connection,
 * reading the last statement's result, interrupting, and wording DuckDB's errors. */
export type EngineDriver<R> = {
  /** Runs one statement; without `keep` no caller reads its result, so the driver need not fetch it. */
  run(statement: string, interruptible: boolean, keep: boolean): Promise<R | null>;
  /** The last statement's result as rows; `lastStatement` is what DESCRIBE describes when exact types are asked for. */
  read(result: R | null, lastStatement: string, exactTypes: boolean): Promise<Rows>;
  interrupt(): Promise<void> | void;
  error(error: unknown): Error;
};

/**
 * The one execution shell both engines run in: statements one after another (never two queries at
 * once on the one connection), refusals before DuckDB sees a statement, and cancellation as a typed
 * error. A query that fails after `cancel()` was asked for it rejects with QueryCancelledError
 * whatever DuckDB's words for it (DuckDB-WASM says 'query was canceled', node-api 'INTERRUPT Error:
 * Interrupted!'), so no caller reads messages to tell a cancel from a failure.
 */
export function executionShell<R>(driver: EngineDriver<R>): Pick<Engine, 'query' | 'cancel'> {
  let running: { cancelled: boolean } | null = null;

  async function execute(sql: string, run: { cancelled: boolean }, options: QueryOptions): Promise<Rows> {
    const statements = splitStatements(sql);
    let result: R | null = null;
    for (const [i, statement] of statements.entries()) {
      // A cancel that lands between two statements finds no running query to interrupt.
      if (run.cancelled) throw new QueryCancelledError();
      const refused = refusal(statement);
      if (refused) throw refused;
      const keep = i === statements.length - 1 && !options.discardResult;
      result = await driver.run(statement, options.interruptible ?? true, keep);
    }
    if (options.discardResult) return { columns: [], rows: [] };
    return driver.read(result, statements.at(-1) ?? '', options.exactTypes ?? true);
  }

  const query = serialized(async (sql: string, options?: QueryOptions): Promise<Rows> => {
    const run = { cancelled: false };
    running = run;
    try {
      return await execute(sql, run, options ?? {});
    } catch (error) {
      if (run.cancelled || error instanceof QueryCancelledError) throw new QueryCancelledError();
      throw driver.error(error);
    } finally {
      running = null;
    }
  });

  return {
    query,
    async cancel() {
      if (running === null) return;
      running.cancelled = true;
      await driver.interrupt();
    },
  };
}
