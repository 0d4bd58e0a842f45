import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import { generateSmallSandbox, recordExperiment, replayStatus } from './experiment-steps';
import { addSqlCell, newNotebook } from './notebook-steps';

// Issue 16, item 1: a page on another port of the same host (same-site, so SameSite=Lax cookies go
// along) auto-submits a text/plain form whose field name and value join into valid JSON, approving a
// request with the reviewer's session. It must get 403 and change nothing.

/** The attacker's page, served from another origin (another port of localhost). */
function attackerPage(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://localhost:${(server.address() as AddressInfo).port}/`, server })));
}

async function submitForPromotion(page: Page, pipeline: string) {
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Submit for promotion' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit for promotion' });
  await dialog.getByLabel('Pipeline', { exact: true }).selectOption({ label: 'New pipeline…' });
  await dialog.getByLabel('New pipeline name').fill(pipeline);
  await dialog.getByLabel('Publish orders_by_status as an output').check();
  for (const input of await dialog.getByLabel(/^Description of /).all()) if ((await input.inputValue()) === '') await input.fill('Documented in the e2e test.');
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/\/promotions\/pr_[0-9a-f]{16}$/);
  return page.url().split('/').at(-1)!;
}

test('a forged cross-origin form cannot approve a promotion with the reviewer’s cookie', async ({ page, browser, baseURL }) => {
  test.setTimeout(240_000);
  await signIn(page, 'analyst');
  await newNotebook(page);
  await generateSmallSandbox(page);
  await addSqlCell(page, 'orders_by_status', 'select status, count(*) as orders\nfrom orders\ngroup by status\norder by status');
  await recordExperiment(page, 'Orders by status, for the CSRF test');
  const requestId = await submitForPromotion(page, 'csrf_e2e');
  await expect(page.getByRole('status', { name: 'Request status' })).toHaveText('in review', { timeout: 90_000 });

  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signIn(reviewer, 'reviewer');
  const { promotion } = await (await reviewer.request.get(`${baseURL}/api/promotions/${requestId}`)).json();
  const json = JSON.stringify({ decision: 'approve', artifactId: promotion.artifact.id, gateRunId: promotion.gateRun.id, comment: '' });
  // text/plain sends `name=value`: the name is the JSON up to the comment's quotes, the value closes it.
  const [name, value] = [json.slice(0, -2), '"}'];
  const attacker = await attackerPage(`<!doctype html><form method="POST" enctype="text/plain" action="${baseURL}/api/promotions/${requestId}/reviews">
    <input type="hidden" name='${name}' value='${value}'></form><script>document.forms[0].submit()</script>`);
  try {
    const forged = reviewer.waitForResponse((r) => r.url().endsWith(`/api/promotions/${requestId}/reviews`) && r.request().method() === 'POST');
    await reviewer.goto(attacker.url);
    const response = await forged;
    expect(response.request().headers()['content-type']).toBe('text/plain');
    expect(response.request().postData()).toBe(`${name}=${value}\r\n`);
    expect(response.status()).toBe(403);
    expect((await response.json()).error).toEqual({ code: 'forbidden', message: `cross-origin request refused: Origin ${attacker.url.slice(0, -1)} is not ${baseURL}` });

    // Nothing changed: still in review, no review stored, nothing promoted.
    await reviewer.goto(`/promotions/${requestId}`);
    await expect(reviewer.getByRole('status', { name: 'Request status' })).toHaveText('in review');
    const after = (await (await reviewer.request.get(`/api/promotions/${requestId}`)).json()).promotion;
    expect(after.status).toBe('in_review');
    expect(after.reviews).toEqual([]);
    // The same reviewer, from the app's own page, can still approve.
    await reviewer.getByRole('button', { name: 'Approve' }).click();
    await expect(reviewer.getByRole('status', { name: 'Request status' })).toHaveText('promoted', { timeout: 30_000 });
  } finally {
    attacker.server.close();
    await reviewerContext.close();
  }
});
