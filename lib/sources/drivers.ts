import { filesDriver } from './files';
import { mysqlDriver } from './mysql';
import { postgresDriver } from './postgres';
import type { SourceDriver, SourceTarget } from './types';

export function openSource(target: SourceTarget): SourceDriver {
  switch (target.kind) {
    case 'postgres':
      return postgresDriver(target);
    case 'mysql':
      return mysqlDriver(target);
    case 'files':
      return filesDriver(target.database);
    default: {
      const never: never = target.kind;
      throw new Error(`unknown source kind ${String(never)}`);
    }
  }
}

/** The database's own error message, with the password cut out should a driver ever echo it. */
export function sourceErrorMessage(error: unknown, password: string): string {
  const raw = error instanceof Error ? error.message || String((error as { code?: string }).code ?? 'error') : String(error);
  const aggregate = error instanceof AggregateError && error.errors.length > 0 ? error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ') : '';
  const message = raw || aggregate || 'the source did not answer';
  return password ? message.split(password).join('***') : message;
}
