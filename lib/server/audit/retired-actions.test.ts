import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '@/lib/audit/actions';
import { RETIRED_AUDIT_ACTIONS } from '@/lib/audit/actions';
import { appendAudit } from '@/lib/server/audit/append';
import { auditFilterChoices, listAuditEvents } from '@/lib/server/audit/events';
import { verifyAuditChain } from '@/lib/server/audit/verify';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';

describe.each(TEST_DATABASES)('a retired audit action on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => (app = await openTestApp(kind)));
  afterAll(() => app.close());

  // What an earlier version wrote stays in the append-only log; the cast stands for that version.
  it('is listed, offered as a filter and verified exactly as it was written', async () => {
    const retired = RETIRED_AUDIT_ACTIONS[0] as string as AuditAction;
    await appendAudit(app.db, { actorId: null, action: retired, objectType: 'promotion', objectId: 'pr_0000000000000001' });
    await appendAudit(app.db, { actorId: null, action: 'promotion.rejected', objectType: 'promotion', objectId: 'pr_0000000000000002' });
    const { items } = await listAuditEvents(app.db, {}, { after: null, limit: 50 });
    expect(items.map((e) => e.action)).toEqual(['promotion.rejected', 'promotion.rejectd']);
    expect((await auditFilterChoices(app.db)).actions).toEqual(['promotion.rejectd', 'promotion.rejected']);
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
  });
});
