import type { Page } from '@playwright/test';
import { expect, signIn } from './fixtures';

/** Signs in as the analyst and opens a new notebook once its DuckDB is up. */
export async function newNotebook(page: Page) {
  await signIn(page, 'analyst');
  await page.getByRole('button', { name: 'New notebook' }).click();
  await expect(page.getByText(/DuckDB v1\.4\.3 · in browser/)).toBeVisible({ timeout: 60_000 });
}

/** Replaces a Monaco editor's text the way a user would: focus, select all, type. */
export async function typeInto(page: Page, editorName: string, text: string) {
  await page.getByRole('textbox', { name: editorName }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Adds a SQL cell, names its model, types the SQL and runs it with Ctrl/Cmd+Enter. */
export async function addSqlCell(page: Page, name: string, sql: string, { waitForResult = true } = {}) {
  await page.getByRole('button', { name: '+ SQL cell' }).click();
  await page.getByRole('textbox', { name: 'Model name' }).last().fill(name);
  await typeInto(page, `SQL for model ${name}`, sql);
  await page.keyboard.press('ControlOrMeta+Enter');
  if (waitForResult) await expect(page.getByRole('region', { name: `SQL cell ${name}` }).getByLabel('Row count')).toBeVisible({ timeout: 60_000 });
}

export const firstDataRow = (page: Page, model: string) => page.getByRole('grid', { name: `Result of ${model}` }).getByRole('row').nth(1);
