import type { Cell } from '@/lib/notebook/schema';
import { codeTokens, isPunct, type Token as SqlToken } from '@/lib/sql/tokens';

/** A call in a cell whose result a replay cannot reproduce: it depends on the moment the run happened
 * or on a random source nothing seeded. */
export type Nondeterminism = {
  cellId: string;
  /** Lower case, as DuckDB resolves it: `now`, `current_date`, `random`, `sample`. */
  function: string;
  /** 1-based line in the cell's own SQL (for a check cell, in the expression's predicate). */
  line: number;
  reason: string;
};

/** Functions of the moment, called with parentheses (uuidv7 embeds the current time). */
const MOMENT_CALLS = new Set([
  'now',
  'today',
  'get_current_time',
  'get_current_timestamp',
  'transaction_timestamp',
  'current_localtime',
  'current_localtimestamp',
  'uuidv7',
]);

/** Numbers a run gets from its connection or transaction, not from its input. */
const SESSION_CALLS = new Set(['txid_current', 'current_transaction_id', 'current_query_id', 'current_connection_id']);

/** SQL keywords of the moment: valid without parentheses, so a bare `current_date` is a call, whereas
 * a bare `now` is a column. They still name a column after a `.` or an alias after AS (measured,
 * DuckDB 1.4.3: `select 1 as current_date` is allowed). */
const MOMENT_KEYWORDS = new Set(['current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp']);

/** Draw from the connection's random engine, which `setseed()` makes repeatable (measured, DuckDB
 * 1.4.3: after the same setseed, random(), uuid(), gen_random_uuid() and USING SAMPLE repeat). */
const RANDOM_CALLS = new Set(['random', 'uuid', 'gen_random_uuid', 'uuidv4']);

/** Words that end a sample clause (at its own parenthesis depth). */
const CLAUSE_END = new Set([
  'where', 'group', 'order', 'limit', 'offset', 'having', 'qualify', 'window', 'join', 'left', 'right',
  'inner', 'full', 'cross', 'natural', 'positional', 'asof', 'anti', 'semi', 'on', 'union', 'except',
  'intersect', 'select', 'from',
]);

type Scanned = { findings: Omit<Nondeterminism, 'cellId'>[]; setsSeed: boolean };

const lower = (token: SqlToken | undefined) => (token?.kind === 'word' ? token.text.toLowerCase() : null);

/** The called function's name when `tokens[i]` is a name followed by `(`. A quoted name calls the
 * function too (`"random"()`); a quoted name alone is always a column. */
function calledName(tokens: readonly SqlToken[], i: number): string | null {
  const token = tokens[i];
  if ((token?.kind !== 'word' && token?.kind !== 'quoted') || !isPunct(tokens[i + 1], '(')) return null;
  return token.value.toLowerCase();
}

/** Whether the sample clause starting after `tokens[start]` names its seed: `REPEATABLE (n)` or the
 * second argument of `(method, seed)`. */
function sampleIsSeeded(tokens: readonly SqlToken[], start: number): boolean {
  let depth = 0;
  for (let i = start + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isPunct(token, '(')) depth += 1;
    else if (isPunct(token, ')')) {
      depth -= 1;
      if (depth < 0) return false;
    } else if (isPunct(token, ';') || (depth === 0 && isPunct(token, ','))) return false;
    else if (lower(token) === 'repeatable') return true;
    else if (depth === 0 && CLAUSE_END.has(lower(token) ?? '')) return false;
    else if (depth === 1 && isPunct(token, ',') && tokens[i + 1]?.kind === 'number') return true;
  }
  return false;
}

/** `seeded`: a setseed() ran in an earlier statement of this run. Within one statement DuckDB
 * promises no evaluation order, so a setseed only counts from the next statement on. */
function scan(sql: string, seededBefore: boolean): Scanned {
  const tokens = codeTokens(sql);
  const findings: Scanned['findings'] = [];
  let seeded = seededBefore;
  let seedInStatement = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const previous = tokens[i - 1];
    if (isPunct(token, ';')) {
      seeded ||= seedInStatement;
      continue;
    }
    const called = calledName(tokens, i);
    const word = lower(token);
    if (called === 'setseed') {
      seedInStatement = true;
    } else if (called !== null && MOMENT_CALLS.has(called)) {
      findings.push({ function: called, line: token.line, reason: `${called}() depends on the moment the run happens: a replay gets another value` });
    } else if (called !== null && SESSION_CALLS.has(called)) {
      findings.push({ function: called, line: token.line, reason: `${called}() depends on the session the run happens in, not on its input` });
    } else if (word !== null && MOMENT_KEYWORDS.has(word) && !isPunct(previous, '.') && lower(previous) !== 'as') {
      findings.push({ function: word, line: token.line, reason: `${word} is the moment the run happens: a replay gets another value` });
    } else if (called !== null && RANDOM_CALLS.has(called) && !seeded) {
      findings.push({
        function: called,
        line: token.line,
        reason: `${called}() draws from an unseeded random source: call setseed() in an earlier cell of the run`,
      });
    } else if ((word === 'tablesample' || (word === 'sample' && lower(previous) === 'using')) && !seeded && !sampleIsSeeded(tokens, i)) {
      findings.push({
        function: word,
        line: token.line,
        reason: 'an unseeded sample picks other rows on every run: add REPEATABLE (seed) or call setseed() in an earlier cell',
      });
    }
  }
  return { findings, setsSeed: seeded || seedInStatement };
}

/** The SQL a cell hands to DuckDB: a SQL cell's source, an expression check's predicates. */
function cellSql(cell: Cell): string[] {
  if (cell.kind === 'sql') return [cell.source];
  if (cell.kind === 'check') return cell.checks.flatMap((check) => (check.kind === 'expression' ? [check.predicate] : []));
  return [];
}

/**
 * Calls in the cells' SQL whose result depends on the moment or on an unseeded random source. `cells`
 * are in the order the run executed them: a setseed() in an earlier cell seeds random(), uuid() and
 * gen_random_uuid() in later ones. Strings, quoted identifiers and comments never count, and a bare
 * name is a column unless it is one of SQL's time keywords (current_date, current_timestamp…).
 */
export function findNondeterminism(cells: readonly Cell[]): Nondeterminism[] {
  const found: Nondeterminism[] = [];
  let seeded = false;
  for (const cell of cells) {
    for (const sql of cellSql(cell)) {
      const scanned = scan(sql, seeded);
      seeded = scanned.setsSeed;
      found.push(...scanned.findings.map((finding) => ({ cellId: cell.id, ...finding })));
    }
  }
  return found;
}
