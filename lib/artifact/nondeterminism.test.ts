import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '@/lib/engine/native';
import type { Engine } from '@/lib/engine/types';
import type { Cell } from '@/lib/notebook/schema';
import { findNondeterminism } from './nondeterminism';

const sql = (id: string, source: string): Cell => ({ id, kind: 'sql', name: id, source });
/** `function@line` of each finding, in order: enough to read a test at a glance. */
const found = (...cells: Cell[]) => findNondeterminism(cells).map((f) => `${f.cellId}:${f.function}@${f.line}`);

describe('findNondeterminism', () => {
  it('finds functions of the moment, in any case, with their line', () => {
    expect(found(sql('a', 'select\n  NOW() as t,\n  today() as d,\n  get_current_timestamp(), transaction_timestamp()'))).toEqual([
      'a:now@2',
      'a:today@3',
      'a:get_current_timestamp@4',
      'a:transaction_timestamp@4',
    ]);
  });

  it('takes a bare `now` for a column but a bare current_date for the SQL keyword it is', () => {
    expect(found(sql('a', 'select now, current_date, current_timestamp(), localtimestamp from t'))).toEqual([
      'a:current_date@1',
      'a:current_timestamp@1',
      'a:localtimestamp@1',
    ]);
  });

  it('ignores names inside strings, comments and quoted identifiers', () => {
    const source = [
      "select 'now()' as label, e'random()\\' today()' as escaped,",
      '  "current_date", t."now"  -- now(), random()',
      '  /* uuid() /* nested */ current_timestamp */',
      '  , $$ gen_random_uuid() $$ as body',
      'from t',
    ].join('\n');
    expect(found(sql('a', source))).toEqual([]);
  });

  it('treats a qualified current_date as a column, and a quoted name followed by ( as a call', () => {
    expect(found(sql('a', 'select t.current_date, "random"() from t'))).toEqual(['a:random@1']);
  });

  it('takes current_date after AS for an alias, as DuckDB does', () => {
    expect(found(sql('a', 'select x.current_date from (select 1 as current_date) x'))).toEqual([]);
  });

  it('finds unseeded random sources', () => {
    expect(found(sql('a', 'select random(), uuid(), gen_random_uuid() from t order by random'))).toEqual([
      'a:random@1',
      'a:uuid@1',
      'a:gen_random_uuid@1',
    ]);
  });

  it('accepts random() after a setseed in an earlier cell of the run, not before it', () => {
    expect(found(sql('a', 'select random() as r'), sql('seed', 'select setseed(0.42) as s'), sql('b', 'select random() as r, uuid()'))).toEqual([
      'a:random@1',
    ]);
  });

  it('does not count a setseed in the same statement, whose order DuckDB does not promise', () => {
    expect(found(sql('a', 'select setseed(0.1), random()'), sql('b', 'select random()'))).toEqual(['a:random@1']);
    expect(found(sql('a', 'select setseed(0.1); select random()'))).toEqual([]);
  });

  it('does not take a setseed inside a string or comment for a seed', () => {
    expect(found(sql('a', "select 'setseed(1)' -- setseed(2)\n"), sql('b', 'select random()'))).toEqual(['b:random@1']);
  });

  it('still reports the moment after a setseed: a seed does not fix the clock', () => {
    expect(found(sql('seed', 'select setseed(0.5)'), sql('b', 'select now(), uuidv7()'))).toEqual(['b:now@1', 'b:uuidv7@1']);
  });

  it('finds samples without a seed of their own or an earlier setseed', () => {
    const cells = [
      sql('a', 'select * from t using sample 10%'),
      sql('b', 'select * from t tablesample reservoir(20 rows) where x > 1'),
      sql('c', 'select * from t using sample reservoir(50 rows) repeatable (100)'),
      sql('d', 'select * from t using sample 10% (bernoulli, 42)'),
      sql('e', 'select sample from t'),
      sql('f', 'select * from (select * from t using sample 5) s, u using sample 3'),
      sql('seed', 'select setseed(0.5)'),
      sql('g', 'select * from t using sample 10%'),
    ];
    expect(found(...cells)).toEqual(['a:sample@1', 'b:tablesample@1', 'f:sample@1', 'f:sample@1']);
  });

  it('finds numbers that come from the session', () => {
    expect(found(sql('a', 'select txid_current(), current_connection_id(), current_query_id()'))).toEqual([
      'a:txid_current@1',
      'a:current_connection_id@1',
      'a:current_query_id@1',
    ]);
  });

  it('reads the predicates of expression checks, and nothing of markdown or charts', () => {
    const cells: Cell[] = [
      { id: 'md', kind: 'markdown', source: 'we compare against now()' },
      {
        id: 'chk',
        kind: 'check',
        model: 'orders',
        checks: [
          { id: 'k1', kind: 'not_null', column: 'now' },
          { id: 'k2', kind: 'expression', predicate: 'ordered_at <= current_timestamp' },
        ],
      },
      { id: 'ch', kind: 'chart', model: 'orders', spec: { title: 'random()' } },
    ];
    expect(findNondeterminism(cells)).toEqual([
      { cellId: 'chk', function: 'current_timestamp', line: 1, reason: 'current_timestamp is the moment the run happens: a replay gets another value' },
    ]);
  });

  it('explains each finding for a person', () => {
    expect(findNondeterminism([sql('a', 'select random()')])).toEqual([
      {
        cellId: 'a',
        function: 'random',
        line: 1,
        reason: 'random() draws from an unseeded random source: call setseed() in an earlier cell of the run',
      },
    ]);
  });
});

// The rules above follow measured behaviour; these keep them honest when DuckDB is upgraded.
describe('DuckDB behaviour the scanner relies on (native engine)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNativeEngine();
  });
  afterAll(() => engine.close());

  const twiceAfterSeed = async (query: string) => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      await engine.query('select setseed(0.25)');
      runs.push((await engine.query(query, { exactTypes: false })).rows);
    }
    return runs;
  };

  it('repeats random(), uuid(), gen_random_uuid() and samples after the same setseed', async () => {
    const [first, second] = await twiceAfterSeed('select random(), uuid()::varchar, gen_random_uuid()::varchar');
    expect(second).toEqual(first);
    const [a, b] = await twiceAfterSeed('select * from range(1000) using sample 5');
    expect(b).toEqual(a);
  });

  it('accepts current_date as an alias and a quoted function name as a call', async () => {
    expect((await engine.query('select x.current_date from (select 1 as current_date) x')).rows).toEqual([[1]]);
    expect((await engine.query('select "random"() < 1 as ok')).rows).toEqual([[true]]);
  });
});
