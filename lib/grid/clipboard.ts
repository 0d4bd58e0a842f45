import Papa from 'papaparse';
import type { PageRow } from './page-query';

/** A cell as text to paste: NULL pastes as nothing, as it does in a spreadsheet. */
export function cellText(value: string | null): string {
  return value ?? '';
}

/** A row as one tab-separated line. A value holding a tab, a newline or a quote is quoted the way
 * spreadsheets read pasted text, so it stays one cell. */
export function rowAsTsv(row: PageRow): string {
  return Papa.unparse([row], { delimiter: '\t', newline: '\n' });
}
