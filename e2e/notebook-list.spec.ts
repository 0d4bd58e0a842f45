import { expect, signIn, test } from './fixtures';

test('an analyst creates a notebook, renames it, and finds it by searching', async ({ page }) => {
  await signIn(page, 'analyst');
  await page.getByRole('button', { name: 'New notebook' }).click();
  await expect(page).toHaveURL(/\/notebooks\/nb_[0-9a-f]{16}$/);
  await page.goto('/notebooks');

  // The list is newest first, so the notebook just created is the first untitled one.
  const title = `Cohort retention ${Date.now()}`;
  await page.getByRole('button', { name: 'Rename Untitled notebook' }).first().click();
  const titleInput = page.getByRole('textbox', { name: 'Notebook title' });
  await titleInput.fill('   ');
  await page.getByRole('button', { name: 'Save' }).click();
  // Next's route announcer is an alert too, so the error is picked by its text.
  await expect(page.getByRole('alert').filter({ hasText: 'needs a title' })).toHaveText('title: a notebook needs a title');
  await titleInput.fill(title);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Notebook title' })).toHaveCount(0);

  await page.reload();
  const search = page.getByRole('searchbox', { name: 'Search notebooks' });
  await search.fill(title.toUpperCase().replace('COHORT ', ''));
  await search.press('Enter');
  await expect(page).toHaveURL(/\?q=RETENTION/);
  const rows = page.getByRole('table', { name: 'Notebooks' }).getByRole('row');
  await expect(rows).toHaveCount(2); // the header and the one match
  const row = rows.filter({ has: page.getByRole('link', { name: title }) });
  await expect(row.getByRole('cell').nth(1)).toHaveText('Ada Analyst');
  await expect(row.getByRole('cell').nth(4)).toHaveText('never');
  await expect(row.getByRole('button', { name: `Rename ${title}` })).toBeVisible();

  await search.fill('no notebook has this title');
  await search.press('Enter');
  await expect(page.getByText('No notebooks match “no notebook has this title”.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Notebooks' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Clear search' }).click();
  await page.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(/\/notebooks\/nb_[0-9a-f]{16}$/);
});

test('the notebook list pages with Next page and First page, keeping the search in the URL, and refuses a cursor of another search', async ({ page }) => {
  await signIn(page, 'analyst');
  const stamp = Date.now();
  for (let i = 1; i <= 3; i++) {
    const created = await page.request.post('/api/notebooks', { data: { title: `Paged ${stamp} ${i}` }, headers: { origin: new URL(page.url()).origin } });
    expect(created.status()).toBe(201);
  }
  await page.goto(`/notebooks?q=Paged+${stamp}&limit=2`);
  const table = page.getByRole('table', { name: 'Notebooks' });
  const pages = page.getByRole('navigation', { name: 'Notebook pages' });
  // Most recently changed first: 3 and 2 on the first page, 1 on the next.
  await expect(table.getByRole('link', { name: `Paged ${stamp} 3` })).toBeVisible();
  await expect(table.getByRole('link', { name: `Paged ${stamp} 2` })).toBeVisible();
  await expect(table.getByRole('link', { name: `Paged ${stamp} 1` })).toHaveCount(0);
  await pages.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(new RegExp(`q=Paged\\+${stamp}.*&cursor=`));
  await expect(table.getByRole('link', { name: `Paged ${stamp} 1` })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2); // the header and the last one
  await expect(pages.getByRole('link', { name: 'Next page' })).toHaveCount(0);
  const cursor = new URL(page.url()).searchParams.get('cursor');

  await pages.getByRole('link', { name: 'First page' }).click();
  await expect(table.getByRole('link', { name: `Paged ${stamp} 3` })).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search notebooks' })).toHaveValue(`Paged ${stamp}`);

  await page.goto(`/notebooks?q=something+else&cursor=${cursor}`);
  await expect(page.getByRole('alert').filter({ hasText: 'cursor:' })).toHaveText('cursor: was issued for other filters; start again from the first page');
  await page.goto('/notebooks?limit=0');
  await expect(page.getByRole('alert').filter({ hasText: 'limit:' })).toHaveText('limit: a whole number from 1 to 200');
});

test('cancelling a rename keeps the old title', async ({ page }) => {
  await signIn(page, 'analyst');
  await page.getByRole('button', { name: 'Rename Revenue by category' }).click();
  await page.getByRole('textbox', { name: 'Notebook title' }).fill('Not this');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('link', { name: 'Revenue by category' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rename Revenue by category' })).toBeFocused();
  await page.reload();
  await expect(page.getByRole('link', { name: 'Revenue by category' })).toBeVisible();
});

test('a viewer sees the notebooks with their owners but cannot rename or create', async ({ page }) => {
  await signIn(page, 'viewer');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Revenue by category' }) });
  await expect(row.getByRole('cell').nth(1)).toHaveText('Ada Analyst');
  await expect(page.getByRole('button', { name: /^Rename / })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New notebook' })).toHaveCount(0);
});
