import { asc, desc, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHash, leafHash } from '@/lib/audit/chain';
import { rowsOf } from '@/lib/server/db/rows';
import { auditCheckpoints, auditEvents } from '@/lib/server/db/schema';
import { runNextJob } from '@/lib/server/jobs/worker';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { appendAudit } from './append';
import { checkAuditChain } from './incremental';
import { AUDIT_VERIFY_JOB, auditVerifyJobHandler, scheduleAuditVerification } from './verify-job';

// The quick check trusts the stored checkpoint's prefix (after checking its signature and its last
// entry) and recomputes only what follows; the full check recomputes everything. Which tampering each
// one catches is the table below, and docs/audit.md says the same.

const note = (i: number) => ({ actorId: `u_${i % 3}`, action: 'notebook.saved' as const, objectType: 'notebook', objectId: `nb_${i}`, details: { revision: i } });

async function tamper(app: TestApp, ...statements: string[]): Promise<void> {
  await app.db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER ALL`);
    for (const statement of statements) await tx.execute(sql.raw(statement));
    await tx.execute(sql`ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_append_only`);
    await tx.execute(sql`ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_no_truncate`);
  });
}

/** What an owner rewriting history would run: new details for `seq`, and every hash from it recomputed. */
async function consistentRewriteFrom(app: TestApp, seq: number): Promise<string[]> {
  const events = await app.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
  let prev = events.find((e) => e.seq === seq - 1)!.hash!;
  return events
    .filter((e) => e.seq >= seq)
    .map((e) => {
      const details = e.seq === seq ? { revision: 1000 } : e.details;
      const hash = chainHash(prev, leafHash({ ...e, details }));
      const statement = `UPDATE audit_events SET details = '${JSON.stringify(details)}', prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${e.seq}`;
      prev = hash;
      return statement;
    });
}

describe.each(TEST_DATABASES)('incremental audit verification on %s', (kind) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await openTestApp(kind);
    for (let i = 1; i <= 10; i++) await appendAudit(app.db, note(i));
  });
  afterEach(() => app.close());

  it('verifies in full once, then only what came after the checkpoint, and remembers each advance', async () => {
    expect(await checkAuditChain(app)).toMatchObject({ ok: true, mode: 'full', count: 10, trusted: 0, note: 'no verified checkpoint was stored yet' });
    for (let i = 11; i <= 13; i++) await appendAudit(app.db, note(i));
    expect(await checkAuditChain(app)).toMatchObject({ ok: true, mode: 'quick', count: 13, trusted: 10, note: null });
    expect(await checkAuditChain(app)).toMatchObject({ ok: true, mode: 'quick', count: 13, trusted: 13 });
    expect(await checkAuditChain(app, { full: true })).toMatchObject({ ok: true, mode: 'full', count: 13, trusted: 0, note: null });
    const kinds = (await app.db.select({ kind: auditCheckpoints.kind, count: auditCheckpoints.count }).from(auditCheckpoints).orderBy(auditCheckpoints.id)).map((c) => `${c.kind} ${c.count}`);
    expect(kinds).toEqual(['full 10', 'quick 13', 'full 13']);
  });

  // Tampering after a checkpoint of all 10 entries, then 2 more appended (the checkpoint's last entry is seq 10).
  it.each([
    ['one byte of the checkpoint’s last entry', `UPDATE audit_events SET details = '{"revision": 100}' WHERE seq = 10`, { quick: 10, full: 10 }],
    ['the checkpoint’s last entry rewritten with every hash from it recomputed (only a checkpoint sees it)', 'rewrite 10', { quick: 10, full: null }],
    ['the checkpoint’s last entry deleted', `DELETE FROM audit_events WHERE seq = 10`, { quick: 10, full: 11 }],
    ['an entry after the checkpoint', `UPDATE audit_events SET action = 'notebook.savee' WHERE seq = 12`, { quick: 12, full: 12 }],
    ['an entry after the checkpoint deleted', `DELETE FROM audit_events WHERE seq = 11`, { quick: 12, full: 12 }],
    ['an entry inside the prefix (only the full check recomputes it)', `UPDATE audit_events SET details = '{"revision": 50}' WHERE seq = 5`, { quick: null, full: 5 }],
    ['an entry inside the prefix deleted (only the full check)', `DELETE FROM audit_events WHERE seq = 4`, { quick: null, full: 5 }],
  ])('%s', async (_, statement, brokenAt) => {
    await checkAuditChain(app);
    for (let i = 11; i <= 12; i++) await appendAudit(app.db, note(i));
    await tamper(app, ...(statement === 'rewrite 10' ? await consistentRewriteFrom(app, 10) : [statement]));
    const quick = await checkAuditChain(app);
    expect(quick.mode).toBe('quick');
    if (brokenAt.quick === null) expect(quick.ok).toBe(true);
    else expect(quick).toMatchObject({ ok: false, brokenAt: { seq: brokenAt.quick } });
    const full = await checkAuditChain(app, { full: true });
    if (brokenAt.full === null) expect(full).toMatchObject({ ok: true, mode: 'full' });
    else expect(full).toMatchObject({ ok: false, mode: 'full', brokenAt: { seq: brokenAt.full } });
  });

  it('a checkpoint row changed in the table fails its signature, and the page falls back to a full check', async () => {
    await checkAuditChain(app);
    // Forge the checkpoint to claim a rewritten history: the signature no longer covers it.
    await app.db.execute(sql`UPDATE audit_checkpoints SET head = repeat('a', 64)`);
    const check = await checkAuditChain(app);
    expect(check).toMatchObject({ ok: true, mode: 'full', count: 10 });
    expect(check.note).toMatch(/does not carry this server's signature/);
  });

  it('the scheduled job verifies in full, stores the checkpoint and queues the next run a day later', async () => {
    await scheduleAuditVerification(app.db, 0);
    await scheduleAuditVerification(app.db, 0); // one pending job at a time
    expect(await runNextJob(app.db, { [AUDIT_VERIFY_JOB]: auditVerifyJobHandler(app) as never }, 'test')).toBe(true);
    const [stored] = await app.db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.id)).limit(1);
    expect(stored).toMatchObject({ kind: 'full', count: 10 });
    const pending = rowsOf(await app.db.execute(sql`SELECT count(*)::int AS n, min(run_after) > now() + interval '23 hours' AS later FROM jobs WHERE kind = ${AUDIT_VERIFY_JOB} AND status = 'queued'`));
    expect(pending).toEqual([{ n: 1, later: true }]);
    expect(await runNextJob(app.db, { [AUDIT_VERIFY_JOB]: auditVerifyJobHandler(app) as never }, 'test')).toBe(false);
  });
});
