import { ZodError } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetContract } from '@/lib/contracts/schema';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { changeContract, createDataset, getDatasetOrThrow } from './datasets';

const contract = (columns: DatasetContract['columns']): DatasetContract => ({
  description: 'Test dataset.',
  retentionDays: 30,
  freshnessSlaHours: 24,
  columns,
});
const id = { name: 'id', type: 'BIGINT', nullable: false, description: 'Key.', sensitivity: 'internal', masking: 'none' } as const;
const email = { name: 'email', type: 'VARCHAR', nullable: false, description: 'Mail.', sensitivity: 'pii', masking: 'hash' } as const;

describe.each(TEST_DATABASES)('catalog contracts on %s', (kind) => {
  let app: TestApp;
  let steward: string;
  beforeAll(async () => {
    app = await openTestApp(kind);
    steward = (await createUser(app.auth, app.db, { email: 's@x.test', name: 'S', password: 'long-enough-pw', roles: ['steward'] })).id;
  });
  afterAll(() => app.close());

  it('versions every contract change and keeps the old version', async () => {
    await createDataset(app.db, { name: 'people', kind: 'source', ownerId: steward, actorId: steward, contract: contract([id]) });
    const v2 = await changeContract(app.db, { datasetId: 'people', baseVersion: 1, ownerId: steward, actorId: steward, contract: contract([id, email]) });
    expect(v2.version).toBe(2);
    expect(v2.contract.columns.map((c) => c.name)).toEqual(['id', 'email']);
    await expect(
      changeContract(app.db, { datasetId: 'people', baseVersion: 1, ownerId: steward, actorId: steward, contract: contract([id]) }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await getDatasetOrThrow(app.db, 'people')).version).toBe(2);
  });

  it('refuses a PII column without a masking rule and stores nothing', async () => {
    const unmasked = { ...email, masking: 'none' } as const;
    await expect(
      createDataset(app.db, { name: 'leaky', kind: 'source', ownerId: steward, actorId: steward, contract: contract([id, unmasked]) }),
    ).rejects.toBeInstanceOf(ZodError);
    await expect(getDatasetOrThrow(app.db, 'leaky')).rejects.toMatchObject({ code: 'not_found' });
  });
});
