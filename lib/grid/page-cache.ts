import type { PageRow } from './page-query';

export type FetchRows = (offset: number, limit: number) => Promise<PageRow[]>;

export type PageCacheOptions = {
  rowCount: number;
  /** Rows per page; one query each. */
  pageSize?: number;
  /** Pages kept; the least recently used page that is not on screen goes first. */
  maxPages?: number;
  /** Page queries started but not answered. The engine runs queries one at a time, so a deep queue
   * would only delay the page the user scrolled to behind pages they already scrolled past. */
  maxInFlight?: number;
  /** Rows [0, pageSize) already read (with the run that built the table): page 0 needs no query. */
  firstPage?: PageRow[];
};

/**
 * The rows of one version of a result (one table, one sort, one run), fetched a page at a time as the
 * grid asks for them. A new sort or a rebuilt table means a new cache: `close()` the old one and
 * whatever it still has in flight is dropped when it lands, so a stale page can never show.
 */
export class PageCache {
  readonly rowCount: number;
  readonly pageSize: number;
  private readonly maxPages: number;
  private readonly maxInFlight: number;
  private readonly pages = new Map<number, PageRow[]>();
  private readonly inFlight = new Set<number>();
  private readonly failed = new Set<number>();
  private wanted: number[] = [];
  private closed = false;
  /** Bumped by close(): an answer to a query asked before is dropped, even if the cache was reopened. */
  private epoch = 0;
  private listeners = new Set<() => void>();
  /** Bumps on every change; the snapshot React compares. */
  version = 0;
  error: Error | null = null;

  constructor(
    private readonly fetchRows: FetchRows,
    options: PageCacheOptions,
  ) {
    this.rowCount = options.rowCount;
    this.pageSize = options.pageSize ?? 100;
    this.maxPages = options.maxPages ?? 20;
    this.maxInFlight = options.maxInFlight ?? 2;
    const first = options.firstPage;
    if (first && first.length === Math.min(this.pageSize, this.rowCount)) this.pages.set(0, first);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** The row at a 0-based index, or undefined while its page is not loaded. */
  row(index: number): PageRow | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  /** Asks for the rows [first, last] (the ones on screen); replaces the previous wish, so pages the
   * user scrolled past before their turn came are never fetched. */
  want(first: number, last: number): void {
    if (this.closed || this.rowCount === 0) return;
    const from = Math.max(0, Math.floor(first / this.pageSize));
    const to = Math.min(Math.floor((this.rowCount - 1) / this.pageSize), Math.floor(Math.max(first, last) / this.pageSize));
    this.wanted = [];
    for (let page = from; page <= to; page++) {
      this.wanted.push(page);
      this.touch(page);
    }
    this.pump();
  }

  /** Stops fetching and drops every answer still in flight. Pages already here stay, so a grid that
   * React unmounts and mounts again (StrictMode does) reopens the same rows. */
  close(): void {
    this.closed = true;
    this.epoch++;
    this.inFlight.clear();
    this.wanted = [];
  }

  open(): void {
    this.closed = false;
  }

  /** Marks a page as recently used (Map keeps insertion order: first entry = least recent). */
  private touch(page: number): void {
    const rows = this.pages.get(page);
    if (rows === undefined) return;
    this.pages.delete(page);
    this.pages.set(page, rows);
  }

  private pump(): void {
    for (const page of this.wanted) {
      if (this.inFlight.size >= this.maxInFlight) return;
      if (this.pages.has(page) || this.inFlight.has(page) || this.failed.has(page)) continue;
      this.load(page);
    }
  }

  private load(page: number): void {
    this.inFlight.add(page);
    const epoch = this.epoch;
    this.fetchRows(page * this.pageSize, this.pageSize).then(
      (rows) => {
        if (epoch !== this.epoch) return;
        this.inFlight.delete(page);
        this.pages.set(page, rows);
        this.evict();
        this.changed();
      },
      (error: unknown) => {
        if (epoch !== this.epoch) return;
        this.inFlight.delete(page);
        // Not retried: the same query on the same table would fail the same way.
        this.failed.add(page);
        this.error = error instanceof Error ? error : new Error(String(error));
        this.changed();
      },
    );
  }

  private evict(): void {
    for (const page of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) return;
      if (!this.wanted.includes(page)) this.pages.delete(page);
    }
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
    this.pump();
  }
}
