import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/server/db/client';
import { rowsOf } from '@/lib/server/db/rows';
import { openTestDatabase, TEST_DATABASES } from '@/lib/server/testing/databases';

// assay_make_append_only (drizzle/0009) is what new migrations call to make a table history.
const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => String((e as { cause?: unknown }).cause ?? e));

describe.each(TEST_DATABASES)('assay_make_append_only on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ database, close } = await openTestDatabase(kind));
    await database.db.execute(sql`CREATE TABLE scratch_history (id int PRIMARY KEY, note text)`);
    await database.db.execute(sql`SELECT assay_make_append_only('scratch_history')`);
    await database.db.execute(sql`SELECT assay_make_append_only('scratch_history')`); // idempotent
    await database.db.execute(sql`INSERT INTO scratch_history VALUES (1, 'kept')`);
  });
  afterAll(() => close());

  it('accepts inserts and refuses UPDATE, DELETE and TRUNCATE, also under replica replication', async () => {
    await database.db.execute(sql`INSERT INTO scratch_history VALUES (2, 'added')`);
    for (const replica of [false, true]) {
      for (const statement of ['UPDATE scratch_history SET note = NULL', 'DELETE FROM scratch_history', 'TRUNCATE scratch_history']) {
        const outcome = await refusal(
          database.db.transaction(async (tx) => {
            if (replica) await tx.execute(sql`SET LOCAL session_replication_role = replica`);
            await tx.execute(sql.raw(statement));
          }),
        );
        expect(outcome, `${statement}${replica ? ' (replica)' : ''}`).toMatch(/append-only table/);
      }
    }
    const [row] = rowsOf<{ n: number }>(await database.db.execute(sql`SELECT count(*)::int AS n FROM scratch_history`));
    expect(row?.n).toBe(2);
  });
});
