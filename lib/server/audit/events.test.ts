import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { createUser } from '@/lib/server/users/users';
import { appendAudit } from './append';
import { auditFilterChoices, listAuditEvents, peopleOf } from './events';

describe.each(TEST_DATABASES)('the audit list on %s', (kind) => {
  let app: TestApp;
  let rita: string;
  beforeAll(async () => {
    app = await openTestApp(kind);
    rita = (await createUser(app.auth, app.db, { email: 'rita@x.test', name: 'Rita Reviewer', password: 'long-enough-pw', roles: ['reviewer', 'steward'] })).id;
    for (const [action, objectType] of [['notebook.saved', 'notebook'], ['auth.sign_in', 'user'], ['notebook.saved', 'notebook'], ['pipeline.promoted', 'pipeline']] as const) {
      await appendAudit(app.db, { actorId: rita, action, objectType, objectId: objectType === 'user' ? rita : 'x', details: action === 'pipeline.promoted' ? { approvers: [rita, 'usr_gone'] } : {} });
    }
  }, 180_000);
  afterAll(() => app.close());

  it('offers each action and object type that occurs once, in order', async () => {
    const choices = await auditFilterChoices(app.db);
    // createUser grants roles (user.role_granted on user) before the events above.
    expect(choices.actions).toEqual(['auth.sign_in', 'notebook.saved', 'pipeline.promoted', 'user.role_granted']);
    expect(choices.objectTypes).toEqual(['notebook', 'pipeline', 'user']);
  });

  it('names the people a page mentions, with their roles; an unknown id is left out', async () => {
    const page = await listAuditEvents(app.db, {}, { after: null, limit: 100 });
    const people = await peopleOf(app.db, page.items);
    expect(Object.fromEntries(people)).toEqual({ [rita]: { name: 'Rita Reviewer', roles: ['reviewer', 'steward'] } });
  });
});
