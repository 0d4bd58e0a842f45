import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelines, users } from '@/lib/server/db/schema';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { toErrorResponse } from './respond';

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse');
}

describe.each(TEST_DATABASES)('the error mapper on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => (app = await openTestApp(kind)));
  afterAll(() => app.close());

  // Two submits naming the same new pipeline both pass the service's check; the unique index stops
  // the second, and it must be a 409 naming the field, not a 500.
  it('answers a unique violation with 409 naming the conflicting field', async () => {
    const [owner] = await app.db.insert(users).values({ id: 'u_1', name: 'Ana', email: 'ana@x.test' }).returning();
    await app.db.insert(pipelines).values({ id: 'pl_0000000000000001', name: 'orders', ownerId: owner!.id });
    const error = await caught(() => app.db.insert(pipelines).values({ id: 'pl_0000000000000002', name: 'orders', ownerId: owner!.id }));
    const response = toErrorResponse(error);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: 'already_exists', message: 'name: the value is already taken in pipelines; choose another or use the existing one', details: { field: 'name' } },
    });
  });

  it('still leaks nothing of any other database error', async () => {
    const error = await caught(() => app.db.insert(pipelines).values({ id: 'pl_0000000000000003', name: 'x', ownerId: 'u_missing' }));
    const response = toErrorResponse(error);
    expect(response.status).toBe(500);
    expect((await response.json()).error).toEqual({ code: 'internal_error', message: 'something went wrong on the server; nothing was changed' });
  });
});
