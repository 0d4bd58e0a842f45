// node --import tsx bench/audit.ts: issue #5's audit log at scale. Appends 100,000 events through
// appendAudit (one transaction each, as the plain-db callers do) into a fresh in-memory PGlite and, when
// DATABASE_URL is set, into a throwaway PostgreSQL database; on PostgreSQL also with 8 concurrent
// appenders. Then times the full chain verification (verifyAuditChain: pages of 5,000 rows in seq order,
// every hash recomputed). Prints a markdown section; benchAudit() returns it. BENCH_RUNS (default 3)
// verification runs per database; AUDIT_EVENTS overrides the 100,000.
import { register } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Database } from '../lib/server/db/client';
import { stats } from './stats';

const EVENTS = Math.max(1, Number(process.env.AUDIT_EVENTS ?? 100_000));
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const CONCURRENCY = 8;

type Measured = { database: string; append: number; appendConcurrent: number | null; verify: number[]; count: number };

/** The server modules begin with `import 'server-only'`, which throws outside React Server Components;
 * as in vitest.config.ts (and bench/replay.ts) it resolves to an empty module here. */
async function serverModules() {
  const hook = `export async function resolve(specifier, context, next) {
    return specifier === 'server-only' ? { url: 'data:text/javascript,', shortCircuit: true } : next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const [{ appendAudit }, { verifyAuditChain }, { openTestDatabase }] = await Promise.all([
    import('../lib/server/audit/append'),
    import('../lib/server/audit/verify'),
    import('../lib/server/testing/databases'),
  ]);
  return { appendAudit, verifyAuditChain, openTestDatabase };
}

type Modules = Awaited<ReturnType<typeof serverModules>>;

/** Shaped like the events the app writes: a user, an action on an object, a few details. */
const event = (i: number) => ({
  actorId: `usr_${(i % 25).toString().padStart(16, '0')}`,
  action: (['notebook.saved', 'experiment.recorded', 'experiment.replay_requested', 'auth.sign_in'] as const)[i % 4]!,
  objectType: i % 2 ? 'notebook' : 'experiment',
  objectId: `obj_${(i % 5_000).toString(36).padStart(16, '0')}`,
  details: { revision: i, title: `Repeat buyers, cut ${i % 97}`, tags: ['revenue', 'demo'] },
});

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function measure(m: Modules, kind: 'pglite' | 'postgres'): Promise<Measured> {
  const { database, close }: { database: Database; close(): Promise<void> } = await m.openTestDatabase(kind);
  try {
    const db = database.db;
    const concurrent = kind === 'postgres' ? Math.min(10_000, EVENTS) : 0;
    const serial = EVENTS - concurrent;
    const append = await timed(async () => {
      for (let i = 0; i < serial; i++) await m.appendAudit(db, event(i));
    });
    let appendConcurrent: number | null = null;
    if (concurrent > 0) {
      let next = serial;
      const worker = async () => {
        while (next < EVENTS) await m.appendAudit(db, event(next++));
      };
      appendConcurrent = await timed(() => Promise.all(Array.from({ length: CONCURRENCY }, worker)));
    }
    const verify: number[] = [];
    let count = 0;
    for (let run = 0; run < RUNS; run++) {
      verify.push(
        await timed(async () => {
          const verdict = await m.verifyAuditChain(db);
          if (!verdict.ok) throw new Error(`the chain is broken at seq ${verdict.brokenAt.seq}: ${verdict.reason}`);
          count = verdict.count;
        }),
      );
    }
    if (count !== EVENTS) throw new Error(`verified ${count} events, appended ${EVENTS}`);
    return { database: kind === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL', append: append / serial, appendConcurrent: appendConcurrent && appendConcurrent / concurrent, verify, count };
  } finally {
    await close();
  }
}

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1_000).toLocaleString('en-US');

export async function benchAudit(): Promise<string> {
  const load = loadavg()[0]?.toFixed(2) ?? '?';
  const modules = await serverModules();
  const results = [await measure(modules, 'pglite')];
  if (process.env.DATABASE_URL) results.push(await measure(modules, 'postgres'));
  const rows = results.map((r) => {
    const verify = stats(r.verify);
    const rate = (r.count / verify.median) * 1_000;
    const concurrent = r.appendConcurrent === null ? '–' : `${perSecond(1, r.appendConcurrent)}/s`;
    return (
      `| ${r.database} | ${r.count.toLocaleString('en-US')} | ${(verify.median / 1_000).toFixed(2)} s (${(verify.min / 1_000).toFixed(2)} – ${(verify.max / 1_000).toFixed(2)}) | ` +
      `${Math.round(rate).toLocaleString('en-US')}/s | ${perSecond(1, r.append)}/s | ${concurrent} |`
    );
  });
  return [
    '## Promotion: audit verify throughput',
    '',
    `Median of ${RUNS} verification runs, ${cpus().length} cores, load ${load}.`,
    '',
    '| database | events | full verification (min – max) | verify rate | append, one at a time | append, 8 concurrent |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'Appends go through `appendAudit` with the plain database: one transaction each (advisory lock, head and `nextval` in one ' +
      'query, insert with the hashes computed in Node). On PostgreSQL the last 10,000 come from 8 concurrent appenders; the advisory ' +
      'lock makes them one at a time, so concurrency buys little beyond overlapping round trips. Verification reads the rows in pages of ' +
      '5,000 in `seq` order and recomputes every leaf (RFC 8785 JSON, SHA-256) and chain hash (docs/audit.md).',
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchAudit().then(console.log, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
