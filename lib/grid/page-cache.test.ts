import { describe, expect, it } from 'vitest';
import { rowAsTsv, cellText } from './clipboard';
import { PageCache } from './page-cache';
import type { PageRow } from './page-query';
import { drawnTop, scrollScale } from './scroll-scale';

/** A fetcher whose answers the test releases by hand, recording what was asked. */
function manualFetcher() {
  const asked: number[] = [];
  const pending = new Map<number, { resolve: (rows: PageRow[]) => void; reject: (error: Error) => void }>();
  const fetchRows = (offset: number, limit: number) => {
    asked.push(offset);
    return new Promise<PageRow[]>((resolve, reject) => {
      pending.set(offset, {
        resolve: () => resolve(Array.from({ length: limit }, (_unused, i) => [String(offset + i)])),
        reject,
      });
    });
  };
  const settle = async (offset: number, error?: Error) => {
    const entry = pending.get(offset);
    if (!entry) throw new Error(`no request for offset ${offset}`);
    pending.delete(offset);
    if (error) entry.reject(error);
    else entry.resolve([]);
    await Promise.resolve();
    await Promise.resolve();
  };
  return { asked, fetchRows, settle };
}

describe('the grid page cache', () => {
  it('fetches the pages on screen, at most two at a time, and shows rows once they land', async () => {
    const { asked, fetchRows, settle } = manualFetcher();
    const cache = new PageCache(fetchRows, { rowCount: 1_000_000, pageSize: 100 });
    cache.want(250, 480);
    expect(asked).toEqual([200, 300]);
    expect(cache.row(250)).toBeUndefined();
    await settle(200);
    expect(cache.row(250)).toEqual(['250']);
    expect(asked).toEqual([200, 300, 400]);
  });

  it('never fetches a page the user scrolled past before its turn', async () => {
    const { asked, fetchRows, settle } = manualFetcher();
    const cache = new PageCache(fetchRows, { rowCount: 1_000_000, pageSize: 100, maxInFlight: 1 });
    cache.want(0, 250);
    cache.want(999_950, 999_999);
    await settle(0);
    expect(asked).toEqual([0, 999_900]);
  });

  it('drops the answers of a closed cache (the sort changed or the table was rebuilt)', async () => {
    const { fetchRows, settle } = manualFetcher();
    const cache = new PageCache(fetchRows, { rowCount: 1000, pageSize: 100 });
    let notified = 0;
    cache.subscribe(() => notified++);
    cache.want(0, 10);
    cache.close();
    await settle(0);
    expect(cache.row(0)).toBeUndefined();
    expect(notified).toBe(0);
  });

  it('reopened, asks again and still drops the answer it was closed on', async () => {
    const answers: ((rows: PageRow[]) => void)[] = [];
    const cache = new PageCache(() => new Promise<PageRow[]>((resolve) => answers.push(resolve)), { rowCount: 1000, pageSize: 100 });
    cache.want(0, 10);
    cache.close();
    cache.open();
    cache.want(0, 10);
    expect(answers).toHaveLength(2);
    answers[0]?.([['asked before the close']]);
    await Promise.resolve();
    expect(cache.row(0)).toBeUndefined();
    answers[1]?.([['asked after reopening']]);
    await Promise.resolve();
    expect(cache.row(0)).toEqual(['asked after reopening']);
  });

  it('serves a first page read with the run without a query, and only a whole one', async () => {
    const { asked, fetchRows } = manualFetcher();
    const seeded = new PageCache(fetchRows, { rowCount: 1000, pageSize: 100, firstPage: Array.from({ length: 100 }, (_, i) => [`seeded ${i}`]) });
    seeded.want(0, 30);
    expect(seeded.row(5)).toEqual(['seeded 5']);
    const short = new PageCache(fetchRows, { rowCount: 1000, pageSize: 100, firstPage: [['only one']] });
    short.want(0, 30);
    expect(short.row(0)).toBeUndefined();
    expect(asked).toEqual([0]);
  });

  it('keeps a bounded number of pages, never one on screen', async () => {
    const { fetchRows, settle } = manualFetcher();
    const cache = new PageCache(fetchRows, { rowCount: 10_000, pageSize: 100, maxPages: 2, maxInFlight: 1 });
    for (const first of [0, 100, 200]) {
      cache.want(first, first + 10);
      await settle(first);
    }
    expect([0, 100, 200].map((i) => cache.row(i) !== undefined)).toEqual([false, true, true]);
  });

  it('reports a failed page once and does not retry it', async () => {
    const { asked, fetchRows, settle } = manualFetcher();
    const cache = new PageCache(fetchRows, { rowCount: 1000, pageSize: 100 });
    cache.want(0, 10);
    await settle(0, new Error('Catalog Error: Table with name m does not exist!'));
    cache.want(0, 10);
    expect(asked).toEqual([0]);
    expect(cache.error?.message).toBe('Catalog Error: Table with name m does not exist!');
  });

  it('asks for nothing past the last row or in an empty result', () => {
    const { asked, fetchRows } = manualFetcher();
    new PageCache(fetchRows, { rowCount: 0 }).want(0, 20);
    new PageCache(fetchRows, { rowCount: 150, pageSize: 100 }).want(0, 400);
    expect(asked).toEqual([0, 100]);
  });
});

describe('scrolling a million rows within the browser height cap', () => {
  it('scrolls natively while the rows fit', () => {
    expect(scrollScale(500_000 * 28, 328)).toEqual({ spacerPx: 14_000_000, factor: 1 });
    expect(drawnTop(2800, 1000, 1)).toBe(2800);
  });

  it('maps the last scroll position to the last rows when they do not', () => {
    const content = 1_000_000 * 28;
    const { spacerPx, factor } = scrollScale(content, 328);
    expect(spacerPx).toBe(15_000_000);
    const lastScrollTop = spacerPx - 328;
    expect(lastScrollTop * factor).toBeCloseTo(content - 328, 3);
    // The last row is drawn at the bottom of the visible window.
    expect(drawnTop(content - 28, lastScrollTop, factor) - lastScrollTop).toBeCloseTo(328 - 28, 3);
  });
});

describe('copying from the grid', () => {
  it('copies NULL as nothing and a row as one tab-separated line', () => {
    expect(cellText(null)).toBe('');
    expect(cellText('')).toBe('');
    expect(rowAsTsv(['1', null, 'a\tb', 'two\nlines', 'plain'])).toBe('1\t\t"a\tb"\t"two\nlines"\tplain');
  });
});
