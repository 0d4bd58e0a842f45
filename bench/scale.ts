// node --import tsx bench/scale.ts (DATABASE_URL must name a PostgreSQL server): issue 18's sizes. Builds
// a throwaway PostgreSQL database, starts the production build on it (demo users), then grows it in
// steps — experiments, notebooks and audit events inserted directly (audit events through the same
// leafHash/chainHash as appendAudit, under its advisory lock) — and after each step times every list
// page and API and the audit page: the median of BENCH_RUNS (default 5) requests after one discarded
// warm-up, and the bytes of the answer. The audit page's first load after a step is reported apart: it
// is the one that verifies the new events (incremental check). Writes its section into
// docs/benchmarks.md (replacing an earlier one); `npm run bench` runs it too when DATABASE_URL is set.
// SCALE_STEPS=0.1,1 are the fractions of 10,000 experiments / 10,000 notebooks / 100,000 events.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { startServer } from './server';
import { stats } from './stats';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const STEPS = (process.env.SCALE_STEPS ?? '0.1,1').split(',').map(Number);
const FULL = { experiments: 10_000, notebooks: 10_000, audit: 100_000 };
const REPORT = 'docs/benchmarks.md';
export const SCALE_HEADING = '## Scale: lists and the audit page as the data grows';
const GOAL_MS = 200;
const GOAL_BYTES = 200 * 1024;

/** As in bench/audit.ts: `server-only` resolves to an empty module outside React Server Components. */
async function serverModules() {
  const hook = `export async function resolve(specifier, context, next) {
    return specifier === 'server-only' ? { url: 'data:text/javascript,', shortCircuit: true } : next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const [chain, client, schema] = await Promise.all([import('../lib/audit/chain'), import('../lib/server/db/client'), import('../lib/server/db/schema')]);
  return { chain, client, schema };
}
type Modules = Awaited<ReturnType<typeof serverModules>>;
type Db = ReturnType<Modules['client']['openDatabase']>['db'];

const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const BASE = Date.UTC(2026, 0, 1);

/** Grows the database to `target` rows of each kind (ids and times follow the row number). */
async function grow(m: Modules, db: Db, target: typeof FULL, have: typeof FULL, ownerId: string): Promise<void> {
  const { notebooks, notebookRevisions, experiments } = m.schema;
  for (let from = have.notebooks; from < target.notebooks; from += 1_000) {
    const ids = Array.from({ length: Math.min(1_000, target.notebooks - from) }, (_, i) => from + i);
    await db.insert(notebooks).values(ids.map((i) => ({ id: `nb_scale_${i}`, title: `Scale notebook ${i}`, ownerId, currentRevision: 1, updatedAt: new Date(BASE + i * 1_000) })));
    await db.insert(notebookRevisions).values(ids.map((i) => ({ notebookId: `nb_scale_${i}`, revision: 1, cells: [], authorId: ownerId })));
  }
  for (let from = have.experiments; from < target.experiments; from += 1_000) {
    const ids = Array.from({ length: Math.min(1_000, target.experiments - from) }, (_, i) => from + i);
    await db.insert(experiments).values(
      ids.map((i) => {
        // Shaped like a small recording: the list reads only the revision and the reproducible flag.
        const content = { notebook: { id: `nb_scale_${i % target.notebooks}`, revision: 1, cells: [] }, reproducible: { ok: true, calls: [] }, models: [], runLog: [] };
        return {
          id: hex(`experiment ${i}`),
          notebookId: `nb_scale_${i % Math.max(1, target.notebooks)}`,
          authorId: ownerId,
          format: 'assay.experiment/v1',
          content: content as never,
          annotations: { title: `Scale experiment ${i}`, hypothesis: '', notes: '', tags: i % 10 === 0 ? ['tenth'] : [] },
          byteSize: JSON.stringify(content).length,
          createdAt: new Date(BASE + i * 1_000),
        };
      }),
    );
  }
  if (target.audit > have.audit) await appendChained(m, db, target.audit - have.audit);
}

/** `n` chained events after the current head, under appendAudit's advisory lock so no append interleaves. */
async function appendChained(m: Modules, db: Db, n: number): Promise<void> {
  const { sql } = await import('drizzle-orm');
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7022083106486187364)`);
    const [last] = await tx.select().from(m.schema.auditEvents).orderBy(sql`seq DESC`).limit(1);
    let prev = last?.hash ?? m.chain.GENESIS_HASH;
    let seq = last?.seq ?? 0;
    for (let done = 0; done < n; done += 2_000) {
      const rows = Array.from({ length: Math.min(2_000, n - done) }, () => {
        seq += 1;
        const event = {
          seq,
          occurredAt: new Date(BASE + seq),
          actorId: null,
          action: ['notebook.saved', 'experiment.recorded', 'experiment.replay_requested', 'auth.sign_in'][seq % 4]!,
          objectType: seq % 2 ? 'notebook' : 'experiment',
          objectId: `obj_${(seq % 5_000).toString(36)}`,
          details: { revision: seq, title: `Repeat buyers, cut ${seq % 97}` },
        };
        const hash = m.chain.chainHash(prev, m.chain.leafHash(event));
        const row = { ...event, prevHash: prev, hash };
        prev = hash;
        return row;
      });
      await tx.insert(m.schema.auditEvents).values(rows);
    }
    await tx.execute(sql`SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), greatest(${seq}, (SELECT last_value FROM audit_events_seq_seq)))`);
  });
}

type Timed = { ms: number; bytes: number; status: number };
async function get(baseUrl: string, path: string, cookie: string): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  const body = await response.arrayBuffer();
  return { ms: performance.now() - started, bytes: body.byteLength, status: response.status };
}

const TARGETS: [label: string, path: string][] = [
  ['`/experiments` page', '/experiments'],
  ['`/experiments?q=tenth` page', '/experiments?q=tenth'],
  ['`GET /api/experiments`', '/api/experiments'],
  ['`/notebooks` page', '/notebooks'],
  ['`GET /api/notebooks?q=notebook 99`', '/api/notebooks?q=notebook%2099'],
  ['`/pipelines` page', '/pipelines'],
  ['`GET /api/promotions`', '/api/promotions'],
  ['`/audit` page (quick check)', '/audit'],
  ['`/audit?action=auth.sign_in` page', '/audit?action=auth.sign_in'],
  ['`GET /api/audit`', '/api/audit'],
  ['`/audit?verify=full` page (full check)', '/audit?verify=full'],
];

type Row = { step: typeof FULL; label: string; ms: number; bytes: number };

async function signIn(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password: 'assay-demo-password' }),
  });
  if (!response.ok) throw new Error(`sign-in failed: HTTP ${response.status}`);
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export async function benchScale(): Promise<string> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('bench/scale.ts needs DATABASE_URL (a PostgreSQL server it may create a database on)');
  const m = await serverModules();
  const name = `assay_scale_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = m.client.openDatabase({ kind: 'postgres', url: url.toString() });
  const load = loadavg()[0]?.toFixed(2) ?? '?';
  const rows: Row[] = [];
  const firstAudit: { step: typeof FULL; ms: number }[] = [];
  try {
    await database.migrate();
    const server = await startServer({ databaseUrl: url.toString() });
    try {
      const cookie = await signIn(server.baseUrl, 'reviewer@assay.local');
      const [owner] = await database.db.select({ id: m.schema.users.id }).from(m.schema.users).limit(1);
      await get(server.baseUrl, '/audit', cookie); // the first full verification of the demo events
      let have = { experiments: 0, notebooks: 0, audit: 0 };
      for (const fraction of STEPS) {
        const step = { experiments: Math.round(FULL.experiments * fraction), notebooks: Math.round(FULL.notebooks * fraction), audit: Math.round(FULL.audit * fraction) };
        console.log(`scale: growing to ${JSON.stringify(step)}`);
        await grow(m, database.db, step, have, owner!.id);
        have = step;
        await database.db.execute((await import('drizzle-orm')).sql`ANALYZE`);
        firstAudit.push({ step, ms: (await get(server.baseUrl, '/audit', cookie)).ms });
        for (const [label, path] of TARGETS) {
          await get(server.baseUrl, path, cookie);
          const runs: Timed[] = [];
          for (let i = 0; i < RUNS; i++) runs.push(await get(server.baseUrl, path, cookie));
          if (runs.some((r) => r.status !== 200)) throw new Error(`${path} answered HTTP ${runs.map((r) => r.status).join(', ')}`);
          const row = { step, label, ms: stats(runs.map((r) => r.ms)).median, bytes: runs[0]!.bytes };
          console.log(`scale: ${label} ${row.ms.toFixed(0)} ms ${row.bytes} B`);
          rows.push(row);
        }
      }
    } finally {
      await server.stop();
    }
  } finally {
    await database.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
  return render(rows, firstAudit, load);
}

const n = (value: number) => value.toLocaleString('en-US');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const mark = (ok: boolean) => (ok ? '' : ' ✗');

function render(rows: Row[], firstAudit: { step: typeof FULL; ms: number }[], load: string): string {
  const steps = [...new Set(rows.map((r) => r.step))];
  const head = steps.map((s) => `${n(s.experiments)} exp. / ${n(s.notebooks)} nb. / ${n(s.audit)} events`);
  const labels = [...new Set(rows.map((r) => r.label))];
  const cell = (label: string, step: typeof FULL) => {
    const row = rows.find((r) => r.label === label && r.step === step)!;
    const goal = !label.includes('full check');
    return `${n(Math.round(row.ms))} ms${mark(!goal || row.ms < GOAL_MS)}, ${kb(row.bytes)}${mark(!goal || row.bytes < GOAL_BYTES)}`;
  };
  return [
    SCALE_HEADING,
    '',
    `PostgreSQL, production build (\`next start\`), ${cpus().length} cores, load ${load} when it started. Each cell: median of ${RUNS} ` +
      'requests after one warm-up, and the size of the (decoded) answer. Extra demo rows (seeded workspace, sign-ins) are on top of the counts. ' +
      `Goal (issue 18): every list page under ${GOAL_MS} ms and ${GOAL_BYTES / 1024} kB, the audit page under ${GOAL_MS} ms at any event count; ✗ marks a miss. ` +
      'The full check is not a goal: it is what one click (and the daily job) costs.',
    '',
    `| what | ${head.join(' | ')} |`,
    `| --- | ${head.map(() => '---:').join(' | ')} |`,
    ...labels.map((label) => `| ${label} | ${steps.map((s) => cell(label, s)).join(' | ')} |`),
    `| \`/audit\` first load after the step (verifies the new events) | ${firstAudit.map((f) => `${n(Math.round(f.ms))} ms`).join(' | ')} |`,
    '',
    'Lists page by keyset (`lib/pagination`, `lib/server/pagination/keyset.ts`): 50 rows a page, filters in SQL before the limit, ' +
      'so a page costs the same at any size. The audit page verifies only the events after its last signed checkpoint (docs/audit.md).',
    '',
  ].join('\n');
}

/** Replaces this section in docs/benchmarks.md (or appends it), leaving every other section as it is. */
export function writeScaleSection(section: string): void {
  const text = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
  const start = text.indexOf(SCALE_HEADING);
  if (start < 0) {
    writeFileSync(REPORT, `${text.trimEnd()}\n\n${section.trimEnd()}\n`);
    return;
  }
  const next = text.indexOf('\n## ', start + SCALE_HEADING.length);
  writeFileSync(REPORT, `${text.slice(0, start)}${section.trimEnd()}\n${next < 0 ? '' : text.slice(next)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchScale().then(
    (section) => {
      writeScaleSection(section);
      console.log(section);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
