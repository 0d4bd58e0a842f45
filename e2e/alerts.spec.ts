import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from '@playwright/test';
import { verifyWebhookSignature } from '../lib/alerts/signature';
import { expect, signIn, test } from './fixtures';

// Issue 14's alerts as an admin and a steward: the admin adds a webhook pointing at a receiver this
// spec runs; the steward breaks a file source so its load drifts; the receiver gets exactly one signed
// `alert.fired`, the owner a notification, /alerts shows it open; a second drifted load is only counted;
// the fixed source's load sends exactly one `alert.resolved`; the delivery log shows the attempts.
// A viewer and an analyst are refused the webhook API.

type Received = { headers: IncomingHttpHeaders; body: string };

const GOOD = 'id,name,amount\n1,ann,1.5\n2,bob,2.25\n';
const DRIFTED = 'id,name\n1,ann\n2,bob\n';

async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/assay`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function pageAs(browser: Browser, role: 'admin' | 'steward'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, role);
  return page;
}

async function uploadAndLoad(page: Page, connection: string, table: string, dataset: string, csv: string) {
  await page.goto('/connections');
  const upload = page.getByRole('form', { name: `Upload to ${connection}` });
  await upload.getByLabel('File (CSV or Parquet)').setInputFiles({ name: `${table}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await upload.getByLabel('Table name').fill(table);
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(upload.getByRole('status')).toContainText(`Stored ${table}`);
  await page.goto(`/catalog/${dataset}`);
  const rows = await page.getByRole('region', { name: 'Snapshots' }).getByRole('row').count();
  await page.getByRole('button', { name: 'Full load' }).click();
  await expect(page.getByRole('region', { name: 'Snapshots' }).getByRole('row')).toHaveCount(Math.max(rows, 1) + 1, { timeout: 30_000 });
}

test('a drifting source fires one signed webhook and a notification, a fixed one resolves it once', async ({ browser }) => {
  test.setTimeout(180_000);
  const receiver = await startReceiver();
  const unique = Date.now().toString(36);
  const connection = `Alert uploads ${unique}`;
  const table = `alert_people_${unique}`;
  const dataset = table;
  const ours = () =>
    receiver.received.filter((r) => {
      const event = JSON.parse(r.body) as { object: { id: string } | null };
      return event.object?.id === dataset;
    });
  try {
    // The admin adds the endpoint for schema drift and copies its secret, shown once.
    const admin = await pageAs(browser, 'admin');
    await admin.goto('/alerts/webhooks');
    const form = admin.getByRole('region', { name: 'Add a webhook' });
    await form.getByLabel('URL').fill('ftp://example.com/x');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await expect(form.getByRole('alert')).toHaveText('url: an absolute http:// or https:// URL');
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Description').fill(`drift pager ${unique}`);
    await form.getByLabel('Schema drift').check();
    await form.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await form.getByLabel('Signing secret').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await expect(admin.getByRole('row', { name: `drift pager ${unique}` })).toContainText('Schema drift');

    // The steward uploads a CSV, binds it and loads it clean: nothing is sent.
    const steward = await pageAs(browser, 'steward');
    await steward.goto('/connections');
    const add = steward.getByRole('region', { name: 'Add a connection' });
    await add.getByLabel('Name').fill(connection);
    await add.getByLabel('Kind').selectOption('files');
    await add.getByRole('button', { name: 'Add connection' }).click();
    const upload = steward.getByRole('form', { name: `Upload to ${connection}` });
    await upload.getByLabel('File (CSV or Parquet)').setInputFiles({ name: `${table}.csv`, mimeType: 'text/csv', buffer: Buffer.from(GOOD) });
    await upload.getByLabel('Table name').fill(table);
    await upload.getByRole('button', { name: 'Upload' }).click();
    await expect(upload.getByRole('status')).toContainText(`Stored ${table}`);
    await steward.goto('/catalog/bind');
    await steward.getByLabel('Connection').selectOption({ label: connection });
    await steward.getByLabel('Table').selectOption(table);
    await steward.getByRole('button', { name: 'Propose contract' }).click();
    await steward.getByLabel('Dataset name').fill(dataset);
    await steward.getByRole('button', { name: 'Bind dataset' }).click();
    await steward.waitForURL(`**/catalog/${dataset}`);
    await steward.getByRole('button', { name: 'Full load' }).click();
    await expect(steward.getByRole('region', { name: 'Snapshots' }).getByRole('row').nth(1)).toContainText('published', { timeout: 30_000 });

    // The source loses a column: the load drifts, exactly one signed alert.fired arrives.
    await uploadAndLoad(steward, connection, table, dataset, DRIFTED);
    await expect(steward.getByRole('region', { name: 'Snapshots' }).getByRole('row').nth(1)).toContainText('quarantined');
    await expect.poll(() => ours().length, { timeout: 30_000 }).toBe(1);
    const fired = ours()[0]!;
    expect(verifyWebhookSignature({ secret, body: fired.body, header: fired.headers['assay-signature'] as string })).toMatchObject({ ok: true });
    expect(JSON.parse(fired.body)).toMatchObject({ type: 'alert.fired', rule: 'schema_drift', object: { type: 'dataset', id: dataset }, fireCount: 1, title: `${dataset}: schema drift` });

    // The owner is told in-app; /alerts shows it open and leads to the dataset.
    await steward.goto('/notifications');
    await expect(steward.getByRole('link', { name: `${dataset}: schema drift` })).toBeVisible();
    await steward.goto('/alerts?status=open');
    const openRow = steward.getByRole('row', { name: `${dataset}: schema drift` });
    await expect(openRow).toContainText(/Schema drift\s*open/);

    // The same drift again: counted on the open alert, nothing sent.
    await uploadAndLoad(steward, connection, table, dataset, DRIFTED);
    await steward.goto('/alerts?status=open');
    await expect(openRow.getByRole('cell').last()).toHaveText('2');
    // The delivery lane polls every 2 s: give a wrongly queued delivery the time to arrive.
    await steward.waitForTimeout(4_000);
    expect(ours()).toHaveLength(1);

    // Fixed: the next clean load sends exactly one alert.resolved, and /alerts shows it resolved.
    await uploadAndLoad(steward, connection, table, dataset, GOOD);
    await expect.poll(() => ours().length, { timeout: 30_000 }).toBe(2);
    const resolved = ours()[1]!;
    expect(verifyWebhookSignature({ secret, body: resolved.body, header: resolved.headers['assay-signature'] as string })).toMatchObject({ ok: true });
    expect(JSON.parse(resolved.body)).toMatchObject({ type: 'alert.resolved', rule: 'schema_drift', object: { id: dataset }, fireCount: 2, resolvedAt: expect.any(String) });
    await steward.goto('/alerts?status=resolved');
    await expect(steward.getByRole('row', { name: `${dataset}: schema drift` })).toContainText(/resolved/);
    await steward.goto('/alerts?status=open');
    await expect(steward.getByRole('row', { name: `${dataset}: schema drift` })).toHaveCount(0);
    await steward.goto('/alerts?status=resolved');
    await steward.getByRole('link', { name: `${dataset}: schema drift` }).click();
    await steward.waitForURL(`**/catalog/${dataset}`);
    await steward.waitForTimeout(3_000);
    expect(ours()).toHaveLength(2);

    // The admin's delivery log has both attempts; "Send test" adds a signed test delivery.
    await admin.goto('/alerts/webhooks');
    await admin.getByRole('row', { name: `drift pager ${unique}` }).getByRole('link', { name: 'Delivery log' }).click();
    const log = admin.getByRole('region', { name: 'Delivery log' });
    await expect(log.getByRole('row', { name: 'alert.fired attempt 1' })).toContainText('200');
    await expect(log.getByRole('row', { name: 'alert.resolved attempt 1' })).toContainText('200');
    await admin.getByRole('button', { name: `Send test to drift pager ${unique}` }).click();
    await expect(admin.getByRole('status')).toHaveText('Test queued.');
    await expect.poll(() => receiver.received.filter((r) => JSON.parse(r.body).type === 'webhook.test').length, { timeout: 30_000 }).toBe(1);
    await admin.reload();
    await expect(log.getByRole('row', { name: 'webhook.test attempt 1' })).toContainText('200');
    await admin.screenshot({ path: 'test-results/alerts-delivery-log.png', fullPage: true });
  } finally {
    await receiver.close();
  }
});

test('a viewer and an analyst are refused the webhook admin API', async ({ page }) => {
  for (const role of ['viewer', 'analyst'] as const) {
    await page.context().clearCookies();
    await signIn(page, role);
    const list = await page.request.get('/api/alerts/webhooks');
    expect(list.status()).toBe(403);
    const create = await page.request.post('/api/alerts/webhooks', { data: { url: 'https://example.com/hook' }, headers: { origin: new URL(page.url()).origin } });
    expect(create.status()).toBe(403);
    expect((await create.json()).error.code).toBe('forbidden');
    expect((await page.request.get('/api/alerts')).status()).toBe(200);
    await page.goto('/alerts/webhooks');
    await page.waitForURL('**/forbidden');
  }
});
