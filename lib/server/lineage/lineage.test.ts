import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleArtifact } from '@/lib/artifact/example';
import { artifactLineage } from '@/lib/server/db/schema';
import { storeExperiment } from '@/lib/server/experiments/experiments';
import { createNotebook } from '@/lib/server/notebooks/notebooks';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { lineageOf } from './lineage';

const refusal = (query: Promise<unknown>) =>
  query.then(
    () => 'accepted',
    (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
  );

describe.each(TEST_DATABASES)('artifact lineage on %s', (kind) => {
  let app: TestApp;
  let id: string;
  beforeAll(async () => {
    app = await openTestApp(kind);
    const author = (await createUser(app.auth, app.db, { email: 'ana@x.test', name: 'Ana Analyst', password: 'long-enough-pw', roles: ['analyst'] })).id;
    const notebookId = (await createNotebook(app.db, { ownerId: author, title: 'Repeat buyers' })).id;
    const artifact = exampleArtifact();
    artifact.content.notebook.id = notebookId;
    artifact.content.author = { id: author, name: 'Ana Analyst' };
    id = (await storeExperiment(app.db, { json: artifact, authorId: author })).id;
  });
  afterAll(() => app.close());

  it('is computed and stored with the experiment, verified against the binder', async () => {
    const [row] = await app.db.select().from(artifactLineage).where(eq(artifactLineage.experimentId, id));
    expect(row?.lineage.duckdbVersion).toBe('v1.4.3');
    expect(row?.lineage.models.map((m) => [m.model, m.verified])).toEqual([['paid_orders', true], ['repeat_buyers', true]]);
    const paid = row!.lineage.models[0]!;
    expect(paid.columns.find((c) => c.name === 'amount')).toEqual({ name: 'amount', direct: [{ table: 'orders', column: 'amount' }], indirect: [{ table: 'orders', column: 'status' }], unknown: null });
    expect(await lineageOf(app.db, id)).toEqual(row!.lineage);
  });

  it('is immutable, and an unknown artifact has none', async () => {
    expect(await refusal(app.db.execute(sql`UPDATE artifact_lineage SET elapsed_ms = 0`))).toMatch(/append-only|refuse|not allowed|cannot/i);
    expect(await refusal(app.db.execute(sql`DELETE FROM artifact_lineage`))).toMatch(/append-only|refuse|not allowed|cannot/i);
    await expect(lineageOf(app.db, 'f'.repeat(64))).rejects.toMatchObject({ code: 'not_found' });
  });
});
