import { QueryCancelledError, type Engine } from '@/lib/engine/types';
import { CellError, quoteIdent, runSqlCell, type CellResult } from './execute';
import { buildGraph, downstreamOf, upstreamOf, type CellReads, type NotebookGraph } from './graph';
import type { Cell, CheckCell } from './schema';
import { assertNever, codeOf, inputsOf, restaleAfter, staleCells, type RanWith } from './staleness';

export type CheckOutcome = { status: 'pass' | 'fail' | 'error' | 'incomplete' };

export type CellRunState<C extends CheckOutcome = CheckOutcome> = {
  phase: 'idle' | 'queued' | 'running' | 'done' | 'error' | 'cancelled';
  /** Its code or an input changed after the result shown. */
  stale: boolean;
  startedAt: number | null;
  /** Last result of a SQL cell, kept (marked stale) while it re-runs. */
  result: CellResult | null;
  checks: C[] | null;
  error: { message: string; line: number | null; column: number | null } | null;
  /** Bumped whenever the cell's model table is rebuilt: grids and charts reload their data on it. */
  runId: number;
};

export type RunnerSnapshot<C extends CheckOutcome = CheckOutcome> = {
  cells: Readonly<Record<string, CellRunState<C>>>;
  graph: NotebookGraph | null;
  busy: boolean;
};

export type RunRequest = {
  /** Cells to run; each one's upstream cells that have no fresh result run first. */
  targets: string[] | 'all';
  /** Also re-run every cell that reads the targets (reactive mode). */
  downstream: boolean;
};

const IDLE: CellRunState = { phase: 'idle', stale: false, startedAt: null, result: null, checks: null, error: null, runId: 0 };

const failed = (state: CellRunState | undefined) =>
  state === undefined || state.phase === 'error' || state.phase === 'cancelled' || state.phase === 'idle' || state.stale;

/** Hands the runner's change notifications to the page in batches (an animation frame in the browser).
 * `urgent` (the end of a run) asks for the flush as soon as possible; a flush already scheduled may
 * then be asked for again, so it runs once however often it was asked for. */
export type Schedule = (flush: () => void, urgent: boolean) => void;

/**
 * Runs a notebook's cells in dependency order against one engine, reactive like marimo and Observable:
 * every run has a generation, and a run that a newer one overtook stops at its next cell, so a result
 * from an older run never lands on top of a newer one. Framework-free; the page subscribes to it, to the
 * whole of it or to one cell. A change replaces only the changed cell's state object, and listeners are
 * told once per batch, so a run of n cells costs the page n small updates, not n copies of everything.
 */
export class NotebookRunner<C extends CheckOutcome = CheckOutcome> {
  private readonly states = new Map<string, CellRunState<C>>();
  private graph: NotebookGraph | null = null;
  private busy = false;
  private snapshot: RunnerSnapshot<C> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly cellListeners = new Map<string, Set<() => void>>();
  private readonly dirty = new Set<string>();
  private flushPending = false;
  private readonly readsCache = new Map<string, CellReads>();
  /** What each cell last ran with, and how many runs it finished: staleness compares them with now. */
  private readonly ran = new Map<string, RanWith>();
  private readonly finished = new Map<string, number>();
  /** The notebook as last analysed: staleness is judged against the newest code, not a run's copy. */
  private cells: Cell[] = [];
  private cellsById = new Map<string, Cell>();
  /** staleCells as last worked out, whatever each cell's phase (the flag shows only on a finished cell). */
  private staleSet = new Set<string>();
  private sourcesGeneration = 0;
  private generation = 0;
  private running = 0;
  /** Models and sources as of the last orphan sweep: only a change of them can leave a table behind. */
  private sweptFor = '';

  constructor(
    private readonly engine: () => Promise<Engine>,
    private readonly runChecks: (engine: Engine, cell: CheckCell) => Promise<C[]>,
    // Wrapped: a bare queueMicrotask called as a method of the runner throws "Illegal invocation" in browsers.
    private readonly schedule: Schedule = (flush) => queueMicrotask(flush),
    /** Rows of each SQL cell's result read with its run (CellResult.rows): the page's grid shows them
     * as its first page instead of querying again once the run lands. */
    private readonly previewRows = 0,
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  subscribeCell = (cellId: string, listener: () => void) => {
    const set = this.cellListeners.get(cellId) ?? new Set();
    set.add(listener);
    this.cellListeners.set(cellId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.cellListeners.delete(cellId);
    };
  };

  /** One cell's state; the same object until that cell changes. */
  cell = (cellId: string): CellRunState<C> | null => this.states.get(cellId) ?? null;

  /** The graph as last analysed; the same object until the next analysis. */
  currentGraph = () => this.graph;

  isBusy = () => this.busy;

  /** Everything at once, built when asked for (the same object until something changes). */
  getSnapshot = (): RunnerSnapshot<C> => {
    this.snapshot ??= { cells: Object.fromEntries(this.states), graph: this.graph, busy: this.busy };
    return this.snapshot;
  };

  private set(cellId: string, change: Partial<CellRunState<C>>) {
    this.states.set(cellId, { ...((this.states.get(cellId) ?? IDLE) as CellRunState<C>), ...change });
    this.changed(cellId);
  }

  private changed(cellId: string | null, urgent = false) {
    this.snapshot = null;
    if (cellId !== null) this.dirty.add(cellId);
    if (this.flushPending && !urgent) return;
    this.flushPending = true;
    this.schedule(this.flush, urgent);
  }

  private flush = () => {
    if (!this.flushPending) return;
    this.flushPending = false;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) for (const listener of this.cellListeners.get(id) ?? []) listener();
    for (const listener of this.listeners) listener();
  };

  private setBusy(busy: boolean) {
    this.busy = busy;
    // The end of a run is what the analyst waits for: shown in the next frame, not after the batching pause.
    this.changed(null, !busy);
  }

  /** Re-judges every cell's staleness against the newest code and graph; only changed flags publish. */
  private restale() {
    if (this.graph === null) return;
    this.staleSet = staleCells(this.cells, this.graph, this.ran, this.finishedRuns, this.sourcesGeneration);
    this.publishStale(this.states.keys());
  }

  private publishStale(cellIds: Iterable<string>) {
    for (const id of cellIds) {
      const state = this.states.get(id);
      if (state === undefined) continue;
      const now = this.staleSet.has(id) && (state.phase === 'done' || state.phase === 'error');
      if (state.stale !== now) this.set(id, { stale: now });
    }
  }

  private finishedRuns = (cellId: string) => this.finished.get(cellId) ?? 0;

  /** Records that a cell finished a run (a result or an error) with this code and these inputs. */
  private finish(cell: Cell, graph: NotebookGraph, change: Partial<CellRunState<C>>) {
    this.ran.set(cell.id, { code: codeOf(cell), inputs: inputsOf(graph, cell.id, this.finishedRuns, this.sourcesGeneration) });
    this.finished.set(cell.id, this.finishedRuns(cell.id) + 1);
    this.set(cell.id, { ...change, stale: false, startedAt: null });
    // Judged, like restale, against the notebook as last analysed, which may be newer than the run's.
    if (this.graph === null) return;
    this.publishStale(restaleAfter(this.staleSet, cell.id, (id) => this.cellsById.get(id), this.graph, this.ran, this.finishedRuns, this.sourcesGeneration));
  }

  /** Parses every SQL cell (cached by its text) and builds the graph; staleness follows the new code. */
  async analyze(cells: Cell[], sources: ReadonlySet<string>): Promise<NotebookGraph> {
    const engine = await this.engine();
    const reads = new Map<string, CellReads>();
    for (const cell of cells) {
      if (cell.kind !== 'sql') continue;
      const text = cell.source.replace(/[\s;]+$/u, '');
      let read = this.readsCache.get(text);
      if (read === undefined) {
        read =
          text.trim() === ''
            ? { ok: true, tables: [] }
            : await engine.referencedTables(text).then(
                (tables) => ({ ok: true as const, tables }),
                (error: unknown) => ({ ok: false as const, message: error instanceof Error ? error.message : String(error) }),
              );
        if (this.readsCache.size > 500) this.readsCache.clear();
        this.readsCache.set(text, read);
      }
      reads.set(cell.id, read);
    }
    const graph = buildGraph(cells, reads, sources);
    this.cells = cells;
    this.cellsById = new Map(cells.map((cell) => [cell.id, cell]));
    this.graph = graph;
    this.changed(null);
    this.restale();
    return graph;
  }

  /** The sandbox data was regenerated: every cell that read a source, and what reads those, is stale. */
  invalidateSources() {
    this.sourcesGeneration += 1;
    this.restale();
  }

  async run(cells: Cell[], sources: ReadonlySet<string>, request: RunRequest): Promise<void> {
    const generation = ++this.generation;
    const graph = await this.analyze(cells, sources);
    if (generation !== this.generation) return;
    const engine = await this.engine();
    // Tables of renamed or deleted models are dropped so that nothing reads them and their memory goes:
    // before the run when a cell reads a name the notebook does not define (it may be such a table),
    // otherwise after it, which keeps DuckDB's first catalog scan (~100 ms on a fresh engine) from
    // delaying the first result on open.
    const sweepFirst = [...graph.nodes.values()].some((node) => node.warning !== null);
    if (sweepFirst) await this.dropOrphanTables(engine, graph, sources);

    const targets = request.targets === 'all' ? graph.order : request.targets.filter((id) => graph.nodes.has(id));
    const wanted = new Set(request.downstream ? targets.flatMap((id) => downstreamOf(graph, id)) : targets);
    // Upstream cells without a fresh result run first, so 'run cell' works on a fresh page.
    for (const id of upstreamOf(graph, targets)) if (failed(this.states.get(id))) wanted.add(id);
    const plan = graph.order.filter((id) => wanted.has(id));
    const byId = new Map(cells.map((cell) => [cell.id, cell]));

    for (const id of plan) this.set(id, { phase: 'queued' });
    // Cells an overtaken run had queued and this one does not run go back to what they showed.
    for (const [id, state] of this.states) {
      if (state.phase === 'queued' && !wanted.has(id)) this.set(id, { phase: state.result || state.checks ? 'done' : 'idle' });
    }
    this.restale();
    this.setBusy(true);
    this.running += 1;
    try {
      for (const id of plan) {
        if (generation !== this.generation) return;
        const node = graph.nodes.get(id)!;
        const cell = byId.get(id)!;
        const brokenInput = node.upstream.find((up) => failed(this.states.get(up)));
        if (node.error !== null || brokenInput !== undefined) {
          const upstream = brokenInput === undefined ? null : byId.get(brokenInput);
          const message = node.error ?? `upstream model ${upstream?.kind === 'sql' ? upstream.name : brokenInput} did not run`;
          this.finish(cell, graph, { phase: 'error', error: { message, line: null, column: null } });
          continue;
        }
        await this.runOne(engine, cell, graph);
      }
      if (!sweepFirst) await this.dropOrphanTables(engine, graph, sources);
    } finally {
      this.running -= 1;
      if (this.running === 0) this.setBusy(false);
    }
  }

  private async runOne(engine: Engine, cell: Cell, graph: NotebookGraph) {
    const id = cell.id;
    this.set(id, { phase: 'running', startedAt: performance.now() });
    const runId = (this.states.get(id)?.runId ?? 0) + 1;
    try {
      switch (cell.kind) {
        case 'sql': {
          // Results are never dropped: the engine runs one query at a time, so this is the table as it
          // now is; a newer run rebuilds it again if it needs to.
          const result = await runSqlCell(engine, cell, this.previewRows);
          this.finish(cell, graph, { phase: 'done', result, error: null, runId });
          break;
        }
        case 'check': {
          const checks = await this.runChecks(engine, cell);
          this.finish(cell, graph, { phase: 'done', checks, error: null, runId });
          break;
        }
        case 'chart':
          // A chart reads its model when it renders; its run only moves its runId.
          this.finish(cell, graph, { phase: 'done', error: null, runId });
          break;
        case 'markdown':
          break;
        default:
          assertNever(cell);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof QueryCancelledError) {
        this.set(id, { phase: 'cancelled', startedAt: null, error: { message: 'Cancelled', line: null, column: null } });
        return;
      }
      const where = error instanceof CellError ? { line: error.line, column: error.column } : { line: null, column: null };
      this.finish(cell, graph, { phase: 'error', error: { message, ...where } });
    }
  }

  /** Stops the running query; the run it belongs to stops too. */
  async cancel(): Promise<void> {
    this.generation += 1;
    const engine = await this.engine();
    await engine.cancel();
    for (const [id, state] of this.states) {
      if (state.phase === 'queued' || state.phase === 'running') {
        this.set(id, { phase: 'cancelled', startedAt: null, error: { message: 'Cancelled', line: null, column: null } });
      }
    }
    this.setBusy(false);
  }

  /** Drops the tables that are neither a model of the notebook nor a source. */
  private async dropOrphanTables(engine: Engine, graph: NotebookGraph, sources: ReadonlySet<string>) {
    const models = new Set([...graph.nodes.values()].flatMap((node) => (node.defines ? [node.defines] : [])));
    const key = JSON.stringify([[...models].sort(), [...sources].sort()]);
    if (key === this.sweptFor) return;
    this.sweptFor = key;
    const { rows } = await engine.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = current_schema()", { exactTypes: false });
    for (const [name] of rows) {
      const table = String(name);
      if (!models.has(table) && !sources.has(table)) await engine.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`, { exactTypes: false });
    }
  }
}
