import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cursorKey, encodeCursor } from '@/lib/pagination/cursor';
import type { App } from '@/lib/server/app';
import { appendAudit } from '@/lib/server/audit/append';
import { seedDemoWorkspace } from '@/lib/server/demo/seed';
import type { RouteHandler } from '@/lib/server/http/route';
import { createNotebook } from '@/lib/server/notebooks/notebooks';
import { openTestApp, TEST_DATABASES, type TestApp } from '@/lib/server/testing/databases';
import { sessionCookie } from '@/lib/server/testing/sign-in';
import * as audit from './audit/route';
import * as connections from './connections/route';
import * as experiments from './experiments/route';
import * as healthDatasets from './health/datasets/route';
import * as healthPipelines from './health/pipelines/route';
import * as notebooks from './notebooks/route';
import * as notifications from './notifications/route';
import * as pipelines from './pipelines/route';
import * as promotions from './promotions/route';

// Every list API pages by keyset the same way: bad `limit` or `cursor` values are one table of
// refusals (400, naming the parameter), and walking a list page by page gives every row once, in order.

type List = { name: string; handler: RouteHandler; key: string; filter: string };
const LISTS: List[] = [
  { name: 'notebooks', handler: notebooks.GET, key: 'notebooks', filter: 'q=page' },
  { name: 'experiments', handler: experiments.GET, key: 'experiments', filter: 'q=page' },
  { name: 'pipelines', handler: pipelines.GET, key: 'pipelines', filter: '' },
  { name: 'promotions', handler: promotions.GET, key: 'promotions', filter: 'state=open' },
  { name: 'audit', handler: audit.GET, key: 'events', filter: 'action=notebook.created' },
  { name: 'notifications', handler: notifications.GET, key: 'notifications', filter: 'unread=1' },
  { name: 'connections', handler: connections.GET, key: 'items', filter: '' },
  { name: 'pipeline_health', handler: healthPipelines.GET, key: 'pipelines', filter: '' },
  { name: 'dataset_health', handler: healthDatasets.GET, key: 'datasets', filter: '' },
];

describe.each(TEST_DATABASES)('list paging on %s', (kind) => {
  let app: TestApp;
  let cookie: string;

  const get = async (handler: RouteHandler, query: string) => {
    const response = await handler(new Request(`http://localhost:3000/api/list?${query}`, { headers: { cookie } }), { params: Promise.resolve({}) });
    return { status: response.status, body: await response.json() };
  };
  /** A cursor the server issued for a list's filter, by asking for a first page of one row. */
  const issued = async (list: List, filter = list.filter) => {
    const { body } = await get(list.handler, `${filter}&limit=1`);
    return body.nextCursor as string | null;
  };

  beforeAll(async () => {
    app = await openTestApp(kind);
    await seedDemoWorkspace(app);
    (globalThis as unknown as { __assay?: { app: App; ready: Promise<null> } }).__assay = { app, ready: Promise.resolve(null) };
    cookie = await sessionCookie(app, 'reviewer@assay.local');
    const [owner] = await app.db.query.users.findMany({ limit: 1 });
    for (let i = 1; i <= 7; i++) await createNotebook(app.db, { ownerId: owner!.id, title: `Paged notebook ${i}` });
    for (let i = 1; i <= 3; i++) await appendAudit(app.db, { actorId: null, action: 'notebook.created', objectType: 'notebook', objectId: `nb_extra_${i}`, details: {} });
  }, 180_000);
  afterAll(async () => {
    delete (globalThis as unknown as { __assay?: unknown }).__assay;
    await app.close();
  });

  const key = () => cursorKey(app.auth.options.secret as string);
  const cases: [what: string, query: (list: List) => Promise<string> | string, parameter: 'limit' | 'cursor', message: RegExp][] = [
    ['a limit of 0', () => 'limit=0', 'limit', /^limit: a whole number from 1 to \d+$/],
    ['a limit of −1', () => 'limit=-1', 'limit', /^limit: a whole number from 1 to \d+$/],
    ['a limit of 10⁹', () => 'limit=1000000000', 'limit', /^limit: a whole number from 1 to \d+$/],
    ['a limit that is not a number', () => 'limit=ten', 'limit', /^limit: a whole number from 1 to \d+$/],
    ['a cursor that is not one', (l) => `${l.filter}&cursor=not-a-cursor`, 'cursor', /^cursor: not a cursor this server issued$/],
    ['a forged cursor (signed with another key)', (l) => `${l.filter}&cursor=${encodeCursor(cursorKey('another-secret-that-is-long-enough-too'), { list: l.name, filter: {} }, ['x'])}`, 'cursor', /^cursor: not a cursor this server issued$/],
    [
      'a cursor whose payload was edited',
      (l) => {
        const [body, mac] = encodeCursor(key(), { list: l.name, filter: {} }, ['2025-01-01T00:00:00.000000Z', 'nb_1']).split('.');
        const edited = Buffer.from(Buffer.from(body!, 'base64url').toString('utf8').replace('nb_1', 'nb_2'), 'utf8').toString('base64url');
        return `cursor=${edited}.${mac}`;
      },
      'cursor',
      /^cursor: not a cursor this server issued$/,
    ],
    ['an expired cursor', (l) => `cursor=${encodeCursor(key(), { list: l.name, filter: {} }, ['x'], Date.now() - 25 * 3600_000)}`, 'cursor', /^cursor: has expired; start again from the first page$/],
    ['a cursor from another list', (l) => `cursor=${encodeCursor(key(), { list: l.name === 'audit' ? 'notebooks' : 'audit', filter: {} }, [1])}`, 'cursor', /^cursor: belongs to another list \(\w+\), not to \w+$/],
    ['a cursor from another filter', (l) => `${l.filter ? '' : 'ignored=1'}&cursor=${encodeCursor(key(), { list: l.name, filter: { q: 'other', state: 'decided', action: 'other' } }, ['x'])}`, 'cursor', /^cursor: was issued for other filters; start again from the first page$/],
  ];

  describe.each(LISTS)('GET /api/$name', (list) => {
    it('answers a first page under its filter, and one of one row with a cursor when more follow', async () => {
      const first = await get(list.handler, list.filter);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ [list.key]: expect.any(Array), nextCursor: null });
      const one = await get(list.handler, `${list.filter}&limit=1`);
      expect(one.body[list.key].length).toBe(Math.min(1, first.body[list.key].length));
      expect(one.body.nextCursor === null).toBe(first.body[list.key].length <= 1);
    });

    it.each(cases)('refuses %s with a 400 naming the parameter', async (_, query, parameter, message) => {
      const { status, body } = await get(list.handler, await query(list));
      expect(status).toBe(400);
      expect(body.error).toEqual({ code: 'bad_request', message: expect.stringMatching(message), details: { parameter } });
    });
  });

  it.each([
    ['notebooks', notebooks.GET, 'notebooks', 'q=paged+notebook', 7],
    ['audit', audit.GET, 'events', 'action=notebook.created', 0],
  ] as const)('walks the %s list two at a time: every row once, in order, under its filter', async (_, handler, field, filter, expected) => {
    const all = (await get(handler, `${filter}&limit=200`)).body[field] as { id?: string; seq?: number }[];
    if (expected) expect(all).toHaveLength(expected);
    expect(all.length).toBeGreaterThan(3);
    const walked: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Record<string, unknown> } = await get(handler, `${filter}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      const items = page.body[field] as unknown[];
      expect(items.length).toBeLessThanOrEqual(2);
      walked.push(...items);
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(walked).toEqual(all);
    // A cursor of this filter is refused under another one.
    const first = await issued({ name: '', handler, key: field, filter });
    expect((await get(handler, `${filter}x&cursor=${first}`)).status).toBe(400);
  });
});
