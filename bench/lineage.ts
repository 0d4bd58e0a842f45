// node --import tsx bench/lineage.ts: issue #13's goal for column lineage — the analysis of the demo
// pipeline on the server under 100 ms. Times (1) what the server does when an experiment is stored:
// start a fresh hardened native engine, parse every model with json_serialize_sql, create the sources
// empty and the models as views, DESCRIBE them, resolve and verify (computeLineage); (2) the same on an
// engine already started; (3) the walker alone over the parse trees. Medians of BENCH_RUNS (default 20).
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createNativeEngine } from '../lib/engine/native';
import { analyzeLineage, type LineageInput } from '../lib/lineage/analyze';
import { parseTreeOf } from '../lib/lineage/parse-tree';
import { resolveQuery } from '../lib/lineage/resolve';
import { DEMO_DATASETS } from '../lib/server/demo/catalog';
import { demoCells } from './demo-cells';
import { ms, stats } from './stats';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 20));

export async function benchLineage(): Promise<string> {
  const cells = await demoCells();
  const input: LineageInput = {
    sources: DEMO_DATASETS.map((d) => ({ name: d.name, columns: d.contract.columns.map((c) => ({ name: c.name, type: c.type, sensitivity: c.sensitivity, masking: c.masking })) })),
    models: cells.flatMap((c) => (c.kind === 'sql' ? [{ name: c.name, sql: c.source }] : [])),
  };
  const fresh: number[] = [];
  const warm: number[] = [];
  const walker: number[] = [];
  let last = await (async () => {
    const engine = await createNativeEngine();
    try {
      return await analyzeLineage(engine, input);
    } finally {
      await engine.close();
    }
  })();
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const engine = await createNativeEngine({ threads: 1, memoryLimit: '256MB' });
    try {
      last = await analyzeLineage(engine, input);
    } finally {
      await engine.close();
    }
    fresh.push(performance.now() - started);
    warm.push(last.elapsedMs);
  }
  const engine = await createNativeEngine();
  const trees = await Promise.all(
    input.models.map(async (m) => String((await engine.query(`SELECT json_serialize_sql('${m.sql.replaceAll("'", "''")}')`, { exactTypes: false })).rows[0]?.[0])),
  );
  await engine.close();
  const schemas = new Map<string, string[]>([
    ...input.sources.map((s) => [s.name, s.columns.map((c) => c.name)] as [string, string[]]),
    ...last.models.map((m) => [m.model, m.schema.map((c) => c.name)] as [string, string[]]),
  ]);
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    for (const json of trees) {
      const tree = parseTreeOf(json);
      if (tree.ok) resolveQuery(tree.node, schemas);
    }
    walker.push(performance.now() - started);
  }
  const row = (what: string, values: number[]) => {
    const s = stats(values);
    return `| ${what} | ${s.median.toFixed(1)} ms | ${s.min.toFixed(1)} – ${s.max.toFixed(1)} ms |`;
  };
  return [
    `### Column lineage of the demo pipeline (${input.models.length} models over ${input.sources.length} sources; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}; ${RUNS} runs)`,
    '',
    `Goal: under 100 ms on the server. Verified against the binder: ${last.models.filter((m) => m.verified).length} of ${last.models.length} models.`,
    '',
    '| what | median | min – max |',
    '| --- | --- | --- |',
    row('on storing an experiment: fresh engine + parse + bind + resolve (computeLineage)', fresh),
    row('analysis on a started engine (parse, create, bind, resolve, verify)', warm),
    row('the walker alone over the parse trees', walker),
    '',
    `(${ms(stats(fresh).median)} is what a recording waits for.)`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await benchLineage());
