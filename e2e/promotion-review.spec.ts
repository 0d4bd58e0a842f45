import type { Browser, Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';
import { generateSmallSandbox, recordExperiment, replayStatus } from './experiment-steps';
import { addSqlCell, newNotebook, typeInto } from './notebook-steps';

// Issue 5 beyond the happy path, each user in their own browser context: a breaking change fails its
// gate until acknowledged, a reviewer sends it back, a steward raises the pipeline's approvals to two
// and the acknowledged change needs both a reviewer and a steward; a model selecting a PII column raw
// without a declaration fails the compliant gate naming the column path and is rejected, while one that
// drops the column passes without a declaration.

/** A new pipeline by name, or an existing one by its label in the list ("name (production v1)"). */
type Submission = { pipeline: string; isNew: boolean; breaking?: string };

async function submit(page: Page, { pipeline, isNew, breaking }: Submission) {
  await expect(replayStatus(page)).toHaveText('Replay: match', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Submit for promotion' }).click();
  const dialog = page.getByRole('dialog', { name: 'Submit for promotion' });
  const choice = dialog.getByLabel('Pipeline', { exact: true });
  if (isNew) {
    await choice.selectOption({ label: 'New pipeline…' });
    await dialog.getByLabel('New pipeline name').fill(pipeline);
  } else {
    await choice.selectOption({ label: pipeline });
  }
  // Each notebook here has one model: it is the output.
  for (const output of await dialog.getByLabel(/Publish \w+ as an output/).all()) await output.check();
  for (const input of await dialog.getByLabel(/^Description of /).all()) if ((await input.inputValue()) === '') await input.fill('Documented in the e2e test.');
  if (breaking) {
    await dialog.getByLabel('This is a breaking change for consumers of production').check();
    await dialog.getByLabel('Migration note').fill(breaking);
  }
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/\/promotions\/pr_[0-9a-f]{16}$/);
  return page.url();
}

const requestStatus = (page: Page) => page.getByRole('status', { name: 'Request status' });
const gate = (page: Page, name: string) => page.getByRole('list', { name: 'Gate results' }).getByRole('listitem').filter({ hasText: name });

async function signedIn(browser: Browser, role: 'reviewer' | 'steward') {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, role);
  return { context, page };
}

/** A new notebook over a small sandbox with one model, run and recorded; returns the notebook's URL. */
async function recordModel(page: Page, model: string, sql: string, title: string) {
  await newNotebook(page);
  await generateSmallSandbox(page);
  await addSqlCell(page, model, sql);
  const notebook = page.url();
  await recordExperiment(page, title);
  return notebook;
}

const BY_STATUS = 'select status, count(*) as orders, count(distinct customer_id) as customers\nfrom orders\ngroup by status\norder by status';
const BY_STATUS_BREAKING = 'select status, count(*) as orders\nfrom orders\ngroup by status\norder by status';

test('a breaking change fails its gate until acknowledged, is sent back, and then needs two approvals including a steward', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const reviewer = await signedIn(browser, 'reviewer');
  const steward = await signedIn(browser, 'steward');
  try {
    // Version 1 of a new pipeline.
    const notebook = await recordModel(page, 'orders_by_status', BY_STATUS, 'Orders by status');
    const first = await submit(page, { pipeline: 'orders_policy_e2e', isNew: true });
    await expect(requestStatus(page)).toHaveText('in review', { timeout: 90_000 });
    await reviewer.page.goto(first);
    await reviewer.page.getByRole('button', { name: 'Approve' }).click();
    await expect(requestStatus(reviewer.page)).toHaveText('promoted');

    // The steward raises the bar to two approvals; the page says so.
    await steward.page.goto(first);
    await steward.page.getByRole('link', { name: 'orders_policy_e2e' }).click();
    const policy = steward.page.getByRole('form', { name: 'Approval policy' });
    await policy.getByLabel('Approvals required').fill('2');
    await policy.getByRole('button', { name: 'Save' }).click();
    await expect(steward.page.getByText('2 approvals required')).toBeVisible();

    // Dropping a column without acknowledging it: the compatible gate fails and says why.
    await page.goto(notebook);
    await expect(page.getByRole('region', { name: 'SQL cell orders_by_status' }).getByLabel('Row count')).toBeVisible({ timeout: 60_000 });
    await typeInto(page, 'SQL for model orders_by_status', BY_STATUS_BREAKING);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.getByRole('grid', { name: 'Result of orders_by_status' }).getByRole('columnheader', { name: /customers/ })).toHaveCount(0, { timeout: 30_000 });
    await recordExperiment(page, 'Orders by status without customers');
    const unacknowledged = await submit(page, { pipeline: 'orders_policy_e2e (production v1)', isNew: false });
    await expect(requestStatus(page)).toHaveText('gates failed', { timeout: 90_000 });
    await expect(gate(page, 'compatible')).toContainText('fail');
    await expect(gate(page, 'compatible')).toContainText('breaking changes need an acknowledgement with a migration note: orders_by_status.customers');
    await expect(page.getByRole('table', { name: 'Schema changes' })).toContainText('breaking');
    await expect(page.getByRole('button', { name: 'Run gates again' })).toBeVisible();

    // The reviewer cannot approve a failed request, but can send it back with a comment.
    await reviewer.page.goto(unacknowledged);
    await expect(reviewer.page.getByRole('button', { name: 'Approve' })).toBeDisabled();
    await reviewer.page.getByLabel('Comment').fill('Say how consumers of customers should migrate.');
    await reviewer.page.getByRole('button', { name: 'Request changes' }).click();
    await expect(requestStatus(reviewer.page)).toHaveText('changes requested');
    await expect(reviewer.page.getByRole('list', { name: 'Reviews' })).toContainText('Say how consumers of customers should migrate.');

    // Resubmitted with the acknowledgement: it passes, and needs two approvals, one of them a steward's.
    await page.goBack();
    await page.waitForURL(/\/experiments\//);
    const acknowledged = await submit(page, { pipeline: 'orders_policy_e2e (production v1)', isNew: false, breaking: 'Count customers from orders directly.' });
    await expect(requestStatus(page)).toHaveText('in review', { timeout: 90_000 });
    await expect(gate(page, 'compatible')).toContainText('breaking changes acknowledged (a steward must approve): orders_by_status.customers');
    await expect(page.getByLabel('Approval needs')).toHaveText("Needs 2 more approvals and a steward's approval (breaking change). Approvals so far: none.");

    await reviewer.page.goto(acknowledged);
    await expect(reviewer.page.getByText('Migration note: Count customers from orders directly.')).toBeVisible();
    await reviewer.page.getByRole('button', { name: 'Approve' }).click();
    await expect(reviewer.page.getByLabel('Approval needs')).toHaveText("Needs 1 more approval and a steward's approval (breaking change). Approvals so far: Rita Reviewer.");
    await expect(requestStatus(reviewer.page)).toHaveText('in review');

    await steward.page.goto(acknowledged);
    await steward.page.getByRole('button', { name: 'Approve' }).click();
    await expect(requestStatus(steward.page)).toHaveText('promoted');
    await steward.page.getByRole('link', { name: 'orders_policy_e2e' }).click();
    await expect(steward.page.getByRole('status', { name: 'Production version' })).toHaveText('production: version 2');
    const v2 = steward.page.getByRole('row', { name: /^Version 2/ });
    await expect(v2).toContainText('Rita Reviewer (reviewer)');
    await expect(v2).toContainText('(steward)');
    // The version's column lineage is its artifact's.
    await v2.getByRole('link', { name: 'lineage' }).click();
    await expect(steward.page.getByRole('heading', { level: 1, name: 'Lineage of orders_policy_e2e version 2' })).toBeVisible();
    await expect(steward.page.getByRole('img', { name: 'Lineage graph' }).getByRole('group', { name: 'source orders' })).toBeVisible();
    await expect(steward.page.getByRole('img', { name: 'Lineage graph' }).getByRole('group', { name: 'output orders_by_status' })).toContainText('2 col');

    // Every step is in the audit log, and the chain still verifies.
    await steward.page.goto('/audit?action=pipeline.settings_changed');
    await expect(steward.page.getByRole('region', { name: 'Audit events' })).toContainText('pipeline.settings_changed');
    await expect(steward.page.getByRole('status', { name: 'Chain status' })).toHaveText('verified');
  } finally {
    await reviewer.context.close();
    await steward.context.close();
  }
});

test('a model selecting PII raw without a declaration fails the compliant gate, and the reviewer rejects it; one that drops it passes', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const reviewer = await signedIn(browser, 'reviewer');
  try {
    await recordModel(page, 'customer_emails', 'select customer_id, email from customers order by customer_id', 'Customer e-mails');
    const request = await submit(page, { pipeline: 'customer_contacts_e2e', isNew: true });
    await expect(requestStatus(page)).toHaveText('gates failed', { timeout: 90_000 });
    await expect(gate(page, 'compliant')).toContainText('fail');
    await expect(gate(page, 'compliant')).toContainText('outputs carry PII unmasked without a declaration: customers.email → customer_emails.email');

    await reviewer.page.goto(request);
    await reviewer.page.getByLabel('Comment').fill('No raw e-mails in production.');
    await reviewer.page.getByRole('button', { name: 'Reject' }).click();
    await expect(requestStatus(reviewer.page)).toHaveText('rejected');
    await expect(reviewer.page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await expect(reviewer.page.getByRole('list', { name: 'Request history' })).toContainText('rejected by Rita Reviewer — No raw e-mails in production.');

    await reviewer.page.getByRole('link', { name: 'customer_contacts_e2e' }).click();
    await expect(reviewer.page.getByRole('status', { name: 'Production version' })).toHaveText('no version in production');

    // Reading the customers table is not carrying its PII: a model without the e-mail needs no declaration.
    await recordModel(page, 'customer_countries', 'select customer_id, country from customers order by customer_id', 'Customer countries');
    await submit(page, { pipeline: 'customer_countries_e2e', isNew: true });
    await expect(gate(page, 'compliant')).toContainText('pass', { timeout: 90_000 });
    await expect(gate(page, 'compliant')).toContainText('no output column carries a PII or secret column unmasked');
  } finally {
    await reviewer.context.close();
  }
});
