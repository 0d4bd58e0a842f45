import { expect, signIn, test } from './fixtures';
import { addSqlCell, firstDataRow, newNotebook } from './notebook-steps';

// Issue 13 item 8 and its acceptance: a steward edits a contract in the app, sees the change as a
// diff, saves it as the next version (history says what changed); a refused edit keeps the contract;
// an analyst sees the contract read-only, and the next sample follows the new masking rule.

test('a steward changes a masking rule through a reviewed diff; the history says so and the next sample follows it', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const stewardContext = await browser.newContext();
  try {
    const steward = await stewardContext.newPage();
    await signIn(steward, 'steward');
    await steward.goto('/catalog/customers');
    const contract = steward.getByRole('region', { name: 'Contract' });
    await expect(contract.getByRole('row', { name: 'Column segment' })).toContainText('none');
    await contract.getByRole('button', { name: 'Edit contract' }).click();

    // PII without masking is refused with the contract's reason; nothing is saved.
    await contract.getByLabel('Masking of email').selectOption('none');
    await contract.getByRole('button', { name: 'Review change' }).click();
    await expect(contract.getByRole('region', { name: 'Contract change' })).toContainText('+     masking: none');
    await contract.getByRole('button', { name: /^Save as version \d+$/ }).click();
    await expect(contract.getByRole('alert')).toHaveText('email is pii and needs a masking rule');
    await contract.getByLabel('Masking of email').selectOption('hash');
    await expect(contract.getByRole('region', { name: 'Contract change' })).toHaveText('Nothing changed.');

    await contract.getByLabel('Masking of segment').selectOption('redact');
    await contract.getByLabel('Description of segment').fill('Marketing segment, redacted in samples.');
    const diff = contract.getByRole('region', { name: 'Contract change' });
    await expect(diff.locator('.del')).toContainText(['-     masking: none']);
    await expect(diff.locator('.add')).toContainText(['+     masking: redact']);
    const save = contract.getByRole('button', { name: /^Save as version \d+$/ });
    const next = Number(/(\d+)$/.exec((await save.textContent()) ?? '')![1]);
    await save.click();
    await expect(steward.getByRole('heading', { name: `Contract v${next}` })).toBeVisible();
    await expect(steward.getByRole('region', { name: 'Contract history' }).getByLabel(`Contract version ${next}`)).toContainText(
      'by Sam Steward',
    );
    await expect(steward.getByRole('region', { name: 'Contract history' }).getByLabel(`Contract version ${next}`)).toContainText('segment: masking "none" → "redact"');

    // A pii column may leave unmasked only by a steward's exception with a reason; it is revoked again.
    const pii = steward.getByRole('region', { name: 'PII in samples' });
    await expect(pii).toContainText('Samples of production carry every pii column masked by its rule.');
    await pii.getByLabel('PII column').selectOption('email');
    await pii.getByRole('button', { name: 'Let it out unmasked' }).click();
    await expect(pii.getByRole('alert')).toHaveText('reason: say why this column may leave unmasked (or why the exception ends)');
    await pii.getByLabel('Reason').fill('Support debugs bounced e-mails');
    await pii.getByRole('button', { name: 'Let it out unmasked' }).click();
    await expect(pii.getByLabel('Exception for email')).toContainText('email leaves unmasked — granted by Sam Steward');
    await pii.getByLabel('Reason').fill('Debugging done');
    await pii.getByLabel('Exception for email').getByRole('button', { name: 'Revoke' }).click();
    await expect(pii).toContainText('Samples of production carry every pii column masked by its rule.');
  } finally {
    await stewardContext.close();
  }

  // The analyst reads the contract, cannot edit it, and samples with the new rule.
  await newNotebook(page);
  await page.goto('/catalog/customers');
  await expect(page.getByRole('region', { name: 'Contract' }).getByRole('row', { name: 'Column segment' })).toContainText('redact');
  await expect(page.getByRole('button', { name: 'Edit contract' })).toHaveCount(0);
  await page.goBack();
  await expect(page.getByText(/DuckDB v1\.4\.3 · in browser/)).toBeVisible({ timeout: 60_000 });
  const panel = page.getByRole('region', { name: 'Sandbox data' });
  await panel.getByLabel('Sandbox data source').selectOption('sample');
  await panel.getByLabel('Sample rate').selectOption('0.05');
  await panel.getByLabel('Seed').fill('11');
  await panel.getByRole('button', { name: 'Draw sample' }).click();
  await expect(panel.getByRole('table', { name: 'Generated tables' })).toContainText(/sample sm_[0-9a-f]{16} of production, 5%, seed 11, masked/, { timeout: 120_000 });
  await addSqlCell(page, 'segments', "SELECT bool_and(segment = '[redacted]') AS segment_redacted, count(*) > 0 AS has_rows FROM customers");
  await expect(firstDataRow(page, 'segments')).toContainText(/true\s*true/);
});
