import { QueryCancelledError, type Engine } from '@/lib/engine/types';
import { CellError, quoteIdent, runSqlCell, type CellResult } from './execute';
import { buildGraph, downstreamOf, upstreamOf, type CellReads, type NotebookGraph } from './graph';
import type { Cell, CheckCell } from './schema';

export type CheckOutcome = { status: 'pass' | 'fail' | 'error' };

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

/**
 * Runs a notebook's cells in dependency order against one engine, reactive like marimo and Observable:
 * every run has a generation, and a run that a newer one overtook stops at its next cell, so a result
 * from an older run never lands on top of a newer one. Framework-free; the page subscribes to it.
 */
export class NotebookRunner<C extends CheckOutcome = CheckOutcome> {
  private snapshot: RunnerSnapshot<C> = { cells: {}, graph: null, busy: false };
  private readonly listeners = new Set<() => void>();
  private readonly readsCache = new Map<string, CellReads>();
  private generation = 0;
  private running = 0;
  /** Models and sources as of the last orphan sweep: only a change of them can leave a table behind. */
  private sweptFor = '';

  constructor(
    private readonly engine: () => Promise<Engine>,
    private readonly runChecks: (engine: Engine, cell: CheckCell) => Promise<C[]>,
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  private publish(patch: Partial<RunnerSnapshot<C>>, cells?: Record<string, Partial<CellRunState<C>>>) {
    const next = { ...this.snapshot.cells };
    for (const [id, change] of Object.entries(cells ?? {})) next[id] = { ...((next[id] ?? IDLE) as CellRunState<C>), ...change };
    this.snapshot = { ...this.snapshot, ...patch, cells: next };
    for (const listener of this.listeners) listener();
  }

  /** Parses every SQL cell (cached by its text) and builds the graph. */
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
    this.publish({ graph });
    return graph;
  }

  /** After an edit: the cell and everything downstream of it show their results as stale. */
  async edited(cells: Cell[], sources: ReadonlySet<string>, cellId: string): Promise<void> {
    const graph = await this.analyze(cells, sources);
    const marks: Record<string, Partial<CellRunState<C>>> = {};
    for (const id of graph.nodes.has(cellId) ? downstreamOf(graph, cellId) : []) {
      if (this.snapshot.cells[id]?.phase === 'done' || this.snapshot.cells[id]?.phase === 'error') marks[id] = { stale: true };
    }
    this.publish({}, marks);
  }

  /** Everything is stale, e.g. after the sandbox data was regenerated. */
  invalidateAll() {
    const marks: Record<string, Partial<CellRunState<C>>> = {};
    for (const id of Object.keys(this.snapshot.cells)) marks[id] = { stale: true };
    this.publish({}, marks);
  }

  async run(cells: Cell[], sources: ReadonlySet<string>, request: RunRequest): Promise<void> {
    const generation = ++this.generation;
    const graph = await this.analyze(cells, sources);
    if (generation !== this.generation) return;
    const engine = await this.engine();
    await this.dropOrphanTables(engine, graph, sources);

    const targets = request.targets === 'all' ? graph.order : request.targets.filter((id) => graph.nodes.has(id));
    const wanted = new Set(request.downstream ? targets.flatMap((id) => downstreamOf(graph, id)) : targets);
    // Upstream cells without a fresh result run first, so 'run cell' works on a fresh page.
    for (const id of upstreamOf(graph, targets)) if (failed(this.snapshot.cells[id])) wanted.add(id);
    const plan = graph.order.filter((id) => wanted.has(id));
    const byId = new Map(cells.map((cell) => [cell.id, cell]));

    const marks: Record<string, Partial<CellRunState<C>>> = Object.fromEntries(plan.map((id) => [id, { phase: 'queued' as const }]));
    // Cells an overtaken run had queued and this one does not run go back to what they showed.
    for (const [id, state] of Object.entries(this.snapshot.cells)) {
      if (state.phase === 'queued' && !wanted.has(id)) marks[id] = { phase: state.result || state.checks ? 'done' : 'idle', stale: true };
    }
    this.publish({ busy: true }, marks);
    this.running += 1;
    try {
      for (const id of plan) {
        if (generation !== this.generation) return;
        const node = graph.nodes.get(id)!;
        const cell = byId.get(id)!;
        const brokenInput = node.upstream.find((up) => failed(this.snapshot.cells[up]));
        if (node.error !== null || brokenInput !== undefined) {
          const upstream = brokenInput === undefined ? null : byId.get(brokenInput);
          const message = node.error ?? `upstream model ${upstream?.kind === 'sql' ? upstream.name : brokenInput} did not run`;
          this.publish({}, { [id]: { phase: 'error', stale: false, startedAt: null, error: { message, line: null, column: null } } });
          continue;
        }
        await this.runOne(engine, cell);
      }
    } finally {
      this.running -= 1;
      if (this.running === 0) this.publish({ busy: false });
    }
  }

  private async runOne(engine: Engine, cell: Cell) {
    const id = cell.id;
    this.publish({}, { [id]: { phase: 'running', startedAt: performance.now() } });
    const previous = this.snapshot.cells[id] ?? IDLE;
    try {
      if (cell.kind === 'sql') {
        // Results are never dropped: the engine runs one query at a time, so this is the table as it
        // now is; a newer run rebuilds it again if it needs to.
        const result = await runSqlCell(engine, cell);
        this.publish({}, { [id]: { phase: 'done', stale: false, startedAt: null, result, error: null, runId: previous.runId + 1 } });
      } else if (cell.kind === 'check') {
        const checks = await this.runChecks(engine, cell);
        this.publish({}, { [id]: { phase: 'done', stale: false, startedAt: null, checks, error: null, runId: previous.runId + 1 } });
      } else {
        // A chart reads its model when it renders; its run only moves its runId.
        this.publish({}, { [id]: { phase: 'done', stale: false, startedAt: null, error: null, runId: previous.runId + 1 } });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const cancelled = error instanceof QueryCancelledError;
      const where = error instanceof CellError ? { line: error.line, column: error.column } : { line: null, column: null };
      this.publish({}, {
        [id]: cancelled
          ? { phase: 'cancelled', stale: false, startedAt: null, error: { message: 'Cancelled', line: null, column: null } }
          : { phase: 'error', stale: false, startedAt: null, error: { message, ...where } },
      });
    }
  }

  /** Stops the running query; the run it belongs to stops too. */
  async cancel(): Promise<void> {
    this.generation += 1;
    const engine = await this.engine();
    await engine.cancel();
    const marks: Record<string, Partial<CellRunState<C>>> = {};
    for (const [id, state] of Object.entries(this.snapshot.cells)) {
      if (state.phase === 'queued' || state.phase === 'running') {
        marks[id] = { phase: 'cancelled', startedAt: null, error: { message: 'Cancelled', line: null, column: null } };
      }
    }
    this.publish({ busy: false }, marks);
  }

  /** Tables of renamed or deleted models, so nothing can read a model that no longer exists. */
  private async dropOrphanTables(engine: Engine, graph: NotebookGraph, sources: ReadonlySet<string>) {
    const models = new Set([...graph.nodes.values()].flatMap((node) => (node.defines ? [node.defines] : [])));
    const key = JSON.stringify([[...models].sort(), [...sources].sort()]);
    if (key === this.sweptFor) return;
    this.sweptFor = key;
    const { rows } = await engine.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'", { exactTypes: false });
    for (const [name] of rows) {
      const table = String(name);
      if (!models.has(table) && !sources.has(table)) await engine.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`, { exactTypes: false });
    }
  }
}
