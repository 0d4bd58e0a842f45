import { leadingKeyword } from './statements';

const NO_EXTENSIONS = 'Assay engines use only their built-in extensions';
const NO_DATABASES = 'notebooks work on in-memory tables only';

// With external access off, DuckDB already refuses every file and network read or write; these are
// refused on top because they still succeed without a file (ATTACH ':memory:', LOAD of a built-in
// extension) and a notebook that relies on them would not replay on the other engine.
const REFUSED: Record<string, { statement: string; reason: string }> = {
  ATTACH: { statement: 'ATTACH', reason: NO_DATABASES },
  DETACH: { statement: 'DETACH', reason: NO_DATABASES },
  INSTALL: { statement: 'INSTALL', reason: NO_EXTENSIONS },
  FORCE: { statement: 'FORCE INSTALL', reason: NO_EXTENSIONS },
  LOAD: { statement: 'LOAD', reason: NO_EXTENSIONS },
};

/** The error a statement is refused with before it reaches DuckDB, in DuckDB's own error style; null
 * when the statement may run. Both engines apply it, so they accept exactly the same SQL. */
export function refusal(statement: string): Error | null {
  const keyword = leadingKeyword(statement);
  const refused = keyword === null ? undefined : REFUSED[keyword];
  return refused === undefined ? null : new Error(`Permission Error: ${refused.statement} is disabled: ${refused.reason}`);
}
