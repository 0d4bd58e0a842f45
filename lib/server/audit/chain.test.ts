import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, leafHash, verifyChain, type StoredAuditEvent } from '@/lib/audit/chain';
import { AppError } from '@/lib/errors';
import { auditEvents } from '@/lib/server/db/schema';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { appendAudit } from './append';
import { checkCheckpoint, createCheckpoint } from './checkpoint';
import { headAtCount, verifyAuditChain } from './verify';

/** Drizzle wraps the driver's error; the database's own message is on `cause`. */
const refusal = (query: Promise<unknown>) =>
  query.then(
    () => 'accepted',
    (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
  );

const stored = (app: TestApp): Promise<StoredAuditEvent[]> => app.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));

/** What an operator with the table owner's rights could do: switch the append-only triggers off, change
 * rows, and switch them back on (ENABLE ALWAYS again, as the migration left them). */
async function tamper(app: TestApp, ...statements: string[]): Promise<void> {
  await app.db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER ALL`);
    for (const statement of statements) await tx.execute(sql.raw(statement));
    await tx.execute(sql`ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_append_only`);
    await tx.execute(sql`ALTER TABLE audit_events ENABLE ALWAYS TRIGGER audit_events_no_truncate`);
  });
}

const note = (i: number) => ({ actorId: `u_${i % 3}`, action: i % 2 ? ('notebook.saved' as const) : ('notebook.renamed' as const), objectType: 'notebook', objectId: `nb_${i}`, details: { revision: i, title: `Repeat buyers ${i}` } });

async function appendMany(app: TestApp, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await appendAudit(app.db, note(i));
}

describe.each(TEST_DATABASES)('the audit chain on %s', (kind) => {
  describe('appending', () => {
    let app: TestApp;
    beforeAll(async () => (app = await openTestApp(kind)));
    afterAll(() => app.close());

    it('chains every event to the one before it, from the genesis hash, inside or outside a transaction', async () => {
      await appendAudit(app.db, { actorId: null, action: 'user.role_granted', objectType: 'user', objectId: 'u_0' });
      await app.db.transaction(async (tx) => {
        await appendAudit(tx, note(1));
        await appendAudit(tx, { ...note(2), details: { at: new Date('2025-01-02T03:04:05.678Z'), gone: undefined } });
      });
      const events = await stored(app);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(events[0]!.prevHash).toBe(GENESIS_HASH);
      expect(events[1]!.prevHash).toBe(events[0]!.hash);
      expect(events[2]!.prevHash).toBe(events[1]!.hash);
      expect(events[2]!.details).toEqual({ at: '2025-01-02T03:04:05.678Z' });
      for (const e of events) expect(e.hash).toBe(chainHash(e.prevHash!, leafHash(e)));
      expect(verifyChain(events)).toEqual({ ok: true, count: 3, head: events[2]!.hash, unchained: 0 });
      expect(await verifyAuditChain(app.db)).toEqual({ ok: true, count: 3, head: events[2]!.hash, unchained: 0 });
    });

    it('leaves nothing of an append whose transaction rolled back, and the chain goes on from the last commit', async () => {
      const before = await verifyAuditChain(app.db);
      const rolledBack = app.db.transaction(async (tx) => {
        await appendAudit(tx, note(7));
        throw new Error('the change failed');
      });
      await expect(rolledBack).rejects.toThrow('the change failed');
      await appendAudit(app.db, note(8));
      const after = await verifyAuditChain(app.db);
      expect(after).toMatchObject({ ok: true, count: before.count + 1 });
      const last = (await stored(app)).at(-1)!;
      expect(last.prevHash).toBe(before.ok ? before.head : null);
    });

    it('keeps one linear chain under 20 concurrent transactions', async () => {
      const before = await verifyAuditChain(app.db);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          app.db.transaction(async (tx) => {
            await tx.execute(sql`SELECT pg_sleep(${(i % 4) / 1000})`);
            await appendAudit(tx, note(100 + i));
          }),
        ),
      );
      const verdict = await verifyAuditChain(app.db);
      expect(verdict).toMatchObject({ ok: true, count: before.count + 20, unchained: 0 });
      const hashes = (await stored(app)).map((e) => e.prevHash);
      expect(new Set(hashes).size).toBe(hashes.length);
    });

    it('still refuses UPDATE, DELETE and TRUNCATE of audit events', async () => {
      expect(await refusal(app.db.execute(sql`UPDATE audit_events SET details = '{}' WHERE seq = 1`))).toMatch(/append-only/);
      expect(await refusal(app.db.execute(sql`DELETE FROM audit_events WHERE seq = 2`))).toMatch(/append-only/);
      expect(await refusal(app.db.execute(sql`TRUNCATE audit_events`))).toMatch(/append-only/);
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
    });

    it('refuses them also under session_replication_role = replica, where ordinary triggers stay silent', async () => {
      const underReplica = (statement: string) =>
        refusal(
          app.db.transaction(async (tx) => {
            await tx.execute(sql`SET LOCAL session_replication_role = replica`);
            await tx.execute(sql.raw(statement));
          }),
        );
      expect(await underReplica(`UPDATE audit_events SET details = '{}' WHERE seq = 1`)).toMatch(/append-only/);
      expect(await underReplica(`DELETE FROM audit_events WHERE seq = 2`)).toMatch(/append-only/);
      expect(await underReplica(`TRUNCATE audit_events`)).toMatch(/append-only/);
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
    });

    it('signs a checkpoint that still matches after later appends, and refuses a changed one', async () => {
      const checkpoint = await createCheckpoint(app);
      const verdict = await verifyAuditChain(app.db);
      expect(checkpoint).toMatchObject({ count: verdict.count, head: verdict.ok && verdict.head });
      expect(checkpoint.signature).toMatch(/^[0-9a-f]{64}$/);
      await appendMany(app, 3);
      expect(await checkCheckpoint(app, checkpoint)).toEqual({ signatureValid: true, matches: true, currentHeadAtCount: checkpoint.head });
      expect(await checkCheckpoint(app, { ...checkpoint, count: checkpoint.count + 1 })).toMatchObject({ signatureValid: false, matches: false });
      expect(await checkCheckpoint(app, { ...checkpoint, count: 10_000 })).toEqual({ signatureValid: false, matches: false, currentHeadAtCount: null });
      expect(await headAtCount(app.db, 0)).toBe(GENESIS_HASH);
    });
  });

  describe('tampering as the table owner, triggers switched off and on again', () => {
    let app: TestApp;
    beforeAll(async () => (app = await openTestApp(kind)));
    afterAll(() => app.close());

    // Each case starts from a fresh, intact chain of 10 events.
    const fresh = async () => {
      await app.close();
      app = await openTestApp(kind);
      await appendMany(app, 10);
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, count: 10 });
    };

    it('names the one row whose details lost or gained a single byte', async () => {
      await fresh();
      await tamper(app, `UPDATE audit_events SET details = jsonb_set(details, '{title}', '"Repeat buyerz 6"') WHERE seq = 6`);
      expect(await verifyAuditChain(app.db)).toEqual({
        ok: false,
        count: 5,
        brokenAt: { seq: 6, action: 'notebook.renamed', objectType: 'notebook', objectId: 'nb_6' },
        reason: 'its content does not match its hash',
      });
      // And the triggers are back: still append-only.
      expect(await refusal(app.db.execute(sql`DELETE FROM audit_events WHERE seq = 6`))).toMatch(/append-only/);
    });

    it('names a row whose action was changed', async () => {
      await fresh();
      await tamper(app, `UPDATE audit_events SET action = 'notebook.savee' WHERE seq = 3`);
      expect(await verifyAuditChain(app.db)).toMatchObject({
        ok: false,
        brokenAt: { seq: 3, action: 'notebook.savee', objectType: 'notebook', objectId: 'nb_3' },
        reason: 'its content does not match its hash',
      });
    });

    it('finds a deleted middle row at the entry after it', async () => {
      await fresh();
      await tamper(app, `DELETE FROM audit_events WHERE seq = 5`);
      expect(await verifyAuditChain(app.db)).toEqual({
        ok: false,
        count: 4,
        brokenAt: { seq: 6, action: 'notebook.renamed', objectType: 'notebook', objectId: 'nb_6' },
        reason: 'its prev_hash does not match the hash of the entry before it',
      });
    });

    it('finds a changed hash', async () => {
      await fresh();
      await tamper(app, `UPDATE audit_events SET hash = repeat('0', 64) WHERE seq = 9`);
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: false, brokenAt: { seq: 9 }, reason: 'its content does not match its hash' });
      await expect(createCheckpoint(app)).rejects.toThrow(AppError);
    });

    it('catches a consistently rewritten history only with a checkpoint taken before', async () => {
      await fresh();
      const checkpoint = await createCheckpoint(app);
      // Rewrite seq 4 and recompute every hash from there: the chain alone verifies again.
      await tamper(app, `UPDATE audit_events SET details = '{"revision": 4, "title": "nothing happened"}' WHERE seq = 4`);
      const events = await stored(app);
      let prev = events[2]!.hash!;
      const rewritten = events.slice(3).map((e) => {
        const hash = chainHash(prev, leafHash(e));
        const statement = `UPDATE audit_events SET prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${e.seq}`;
        prev = hash;
        return statement;
      });
      await tamper(app, ...rewritten);
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, count: 10 });
      expect(await checkCheckpoint(app, checkpoint)).toEqual({ signatureValid: true, matches: false, currentHeadAtCount: prev });
    });

    it('counts a leading run of rows without hashes as written before the chain began, and no such row after', async () => {
      await app.close();
      app = await openTestApp(kind);
      await app.db.insert(auditEvents).values([note(1), note(2)]);
      await appendMany(app, 3);
      const verdict = await verifyAuditChain(app.db);
      expect(verdict).toMatchObject({ ok: true, count: 5, unchained: 2 });
      const checkpoint = await createCheckpoint(app);
      expect(await checkCheckpoint(app, checkpoint)).toMatchObject({ signatureValid: true, matches: true });
      await app.db.insert(auditEvents).values(note(9));
      expect(await verifyAuditChain(app.db)).toMatchObject({
        ok: false,
        count: 5,
        brokenAt: { seq: 6, objectId: 'nb_9' },
        reason: 'it has no hash, but entries before it are chained',
      });
    });

    it('verifies across pages of rows and names a break far down the log', async () => {
      await app.close();
      app = await openTestApp(kind);
      // 12,000 chained rows written in bulk (appendAudit one by one would only make the test slow).
      let prev = GENESIS_HASH;
      const rows = Array.from({ length: 12_000 }, (_, i) => {
        const e = { seq: i + 1, occurredAt: new Date(Date.UTC(2025, 0, 1) + i), ...note(i + 1) };
        const hash = chainHash(prev, leafHash(e));
        const row = { ...e, prevHash: prev, hash };
        prev = hash;
        return row;
      });
      for (let i = 0; i < rows.length; i += 2_000) await app.db.insert(auditEvents).values(rows.slice(i, i + 2_000));
      await app.db.execute(sql`SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), 12000)`);
      expect(await verifyAuditChain(app.db)).toEqual({ ok: true, count: 12_000, head: prev, unchained: 0 });
      await appendAudit(app.db, note(1));
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, count: 12_001 });
      await tamper(app, `UPDATE audit_events SET object_id = 'nb_x' WHERE seq = 10001`);
      expect(await verifyAuditChain(app.db)).toMatchObject({ ok: false, count: 10_000, brokenAt: { seq: 10_001, objectId: 'nb_x' } });
    });
  });
});
