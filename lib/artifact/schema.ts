import { z } from 'zod';
import { type Cell, Cells, MODEL_NAME } from '@/lib/notebook/schema';
import { DatasetContract } from '@/lib/contracts/schema';
import type { CheckKind } from '@/lib/quality/schema';
import { SandboxSpec } from '@/lib/synth/spec';

/** The one format this code reads and writes. A later format gets a new literal and its own schema. */
export const ARTIFACT_FORMAT = 'assay.experiment/v1';

/** An artifact is stored, hashed and shipped whole: its UTF-8 JSON stays under this size. */
export const MAX_ARTIFACT_BYTES = 5_000_000;
/** Rows kept in a model's preview. */
export const PREVIEW_ROWS = 20;
/** A preview value longer than this is cut by the recorder (the fingerprint covers the full value). */
export const MAX_PREVIEW_VALUE = 1_000;

export const ARTIFACT_ID = /^[0-9a-f]{64}$/;

const artifactId = z.string().regex(ARTIFACT_ID, 'an artifact id: 64 lowercase hex digits (sha-256)');
const modelName = z.string().regex(MODEL_NAME, 'model names are lower_snake_case, at most 63 characters');
const tableName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a table name: lower_snake_case, at most 63 characters');
const cellId = z.string().min(1).max(64);
/** Produced by lib/artifact/fingerprint.ts; kept opaque here (hex or a decimal hugeint, maybe tagged). */
const fingerprint = z.string().regex(/^[A-Za-z0-9:_.-]{1,128}$/, 'a fingerprint: at most 128 letters, digits or :_.-');
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const milliseconds = z.number().min(0).max(7 * 24 * 3_600_000);

function boundedRecord<V extends z.ZodType>(key: z.ZodString, value: V, max: number, what: string) {
  return z.record(key, value).refine((record) => Object.keys(record).length <= max, `at most ${max} ${what}`);
}

export const Column = z.strictObject({
  name: z.string().min(1).max(255),
  /** DuckDB's own type name: `INTEGER`, `DECIMAL(18,3)`, `STRUCT(a INTEGER)`. */
  type: z.string().min(1).max(2_000),
});

export const InputTable = z.strictObject({ rows: count, fingerprint });

export const SandboxSource = z.strictObject({ name: tableName, contract: DatasetContract });

export const Sandbox = z.strictObject({
  /** What generated the input: generator version, seed and row counts. */
  spec: SandboxSpec,
  /** The catalog contracts the generator read, as they were then: a replay (on the server or with the
   * CLI, without a catalog) regenerates the input from these, not from today's catalog. */
  datasets: z.array(SandboxSource).max(200),
  /** Every input table as generated, so a replay can prove it starts from the same data. */
  tables: boundedRecord(tableName, InputTable, 200, 'input tables'),
});

export const EngineInfo = z.strictObject({
  /** As DuckDB reports it (`SELECT version()`): `v1.4.3`. */
  duckdbVersion: z.string().regex(/^v?\d+\.\d+\.\d+[A-Za-z0-9.+-]{0,32}$/, 'a DuckDB version such as v1.4.3'),
  bundle: z.enum(['wasm-eh', 'wasm-mvp', 'native']),
  /** The npm package that embedded DuckDB: `@duckdb/duckdb-wasm@1.32.0`, `@duckdb/node-api@1.4.3-r.3`. */
  packageVersion: z.string().min(1).max(100),
});

const parameterName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'a parameter name: letters, digits and _');
const parameterValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

export const Preview = z
  .strictObject({
    columns: z.array(z.string().max(255)).max(1_000),
    rows: z.array(z.array(z.string().max(MAX_PREVIEW_VALUE).nullable()).max(1_000)).max(PREVIEW_ROWS),
  })
  .superRefine((preview, ctx) => {
    for (const [i, row] of preview.rows.entries()) {
      if (row.length !== preview.columns.length) {
        ctx.addIssue({ code: 'custom', path: ['rows', i], message: `a preview row has ${row.length} values for ${preview.columns.length} columns` });
      }
    }
  });

export const ModelResult = z.strictObject({
  name: modelName,
  schema: z.array(Column).max(1_000),
  rowCount: count,
  /** Order-insensitive hash of the model's rows, identical in both engines (lib/artifact/fingerprint.ts). */
  fingerprint,
  preview: Preview,
});

export const CheckOutcome = z.strictObject({
  cellId,
  checkId: z.string().min(1).max(64),
  kind: z.enum(['not_null', 'unique', 'accepted_values', 'relationships', 'row_count', 'expression'] as const satisfies readonly CheckKind[]),
  label: z.string().max(2_000),
  status: z.enum(['pass', 'fail', 'error', 'incomplete']),
  failing: count,
});

export const LogEntry = z.strictObject({
  /** Milliseconds since the run started. */
  at: milliseconds,
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string().max(4_000),
});

export const Author = z.strictObject({ id: z.string().min(1).max(64), name: z.string().min(1).max(200) });

export const Reproducible = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true) }),
  z.strictObject({ ok: z.literal(false), reasons: z.array(z.string().min(1).max(1_000)).min(1).max(200) }),
]);

/** The notebook's cells as run. A folded cell is layout, not content: the recorder drops `collapsed`
 * (withoutLayout) so that folding a cell never changes what an experiment is. */
export const ArtifactCells = Cells.refine(
  (cells) => cells.every((cell) => cell.collapsed === undefined),
  'cells in an artifact carry no layout state (collapsed)',
);

export function withoutLayout(cells: readonly Cell[]): Cell[] {
  return cells.map(({ collapsed: _collapsed, ...cell }) => cell);
}

/** Everything the artifact id hashes: what was run, on what, by whom, and what it produced. */
export const ArtifactContent = z
  .strictObject({
    notebook: z.strictObject({ id: z.string().regex(/^nb_[0-9a-f]{16}$/, 'a notebook id'), revision: count }),
    /** The full cell code at that revision, in notebook order. */
    cells: ArtifactCells,
    sandbox: Sandbox,
    engine: EngineInfo,
    /** Values the run was parameterised with, by name. */
    parameters: boundedRecord(parameterName, parameterValue, 100, 'parameters'),
    /** Every seed the run used, by name (`sandbox` is the generator's; `setseed` one set in SQL). */
    seeds: boundedRecord(parameterName, z.number().min(-(2 ** 53)).max(2 ** 53), 100, 'seeds'),
    models: z.array(ModelResult).max(500),
    checks: z.array(CheckOutcome).max(10_000),
    /** Wall-clock time of each cell that ran, by cell id. Informative: a replay does not compare them. */
    timings: boundedRecord(cellId, milliseconds, 500, 'timings'),
    log: z.array(LogEntry).max(2_000),
    author: Author,
    createdAt: z.iso.datetime({ offset: false }),
    /** The artifact this one was forked from. */
    parent: artifactId.nullable(),
    reproducible: Reproducible,
  })
  .superRefine((content, ctx) => {
    const cells = new Map(content.cells.map((cell) => [cell.id, cell]));
    const models = new Set(content.cells.flatMap((cell) => (cell.kind === 'sql' ? [cell.name] : [])));
    const seen = new Set<string>();
    for (const [i, model] of content.models.entries()) {
      if (!models.has(model.name)) {
        ctx.addIssue({ code: 'custom', path: ['models', i, 'name'], message: `no SQL cell defines the model ${model.name}` });
      }
      if (seen.has(model.name)) ctx.addIssue({ code: 'custom', path: ['models', i, 'name'], message: `the model ${model.name} is listed twice` });
      seen.add(model.name);
    }
    for (const [i, check] of content.checks.entries()) {
      if (cells.get(check.cellId)?.kind !== 'check') {
        ctx.addIssue({ code: 'custom', path: ['checks', i, 'cellId'], message: `${check.cellId} is not a check cell of this notebook` });
      }
    }
    for (const id of Object.keys(content.timings)) {
      if (!cells.has(id)) ctx.addIssue({ code: 'custom', path: ['timings', id], message: `${id} is not a cell of this notebook` });
    }
  });
export type ArtifactContent = z.infer<typeof ArtifactContent>;

/** What a person says about the run. Outside the hash: editing it never changes the artifact id. */
export const Annotations = z.strictObject({
  title: z.string().trim().min(1, 'an experiment needs a title').max(200),
  hypothesis: z.string().max(10_000),
  notes: z.string().max(50_000),
  tags: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a tag: lowercase letters, digits, _ and -, at most 40'))
    .max(32)
    .refine((tags) => new Set(tags).size === tags.length, 'a tag is listed twice'),
});
export type Annotations = z.infer<typeof Annotations>;

export const Artifact = z
  .strictObject({
    format: z.literal(ARTIFACT_FORMAT),
    content: ArtifactContent,
    annotations: Annotations,
  })
  .refine((artifact) => new TextEncoder().encode(JSON.stringify(artifact)).length <= MAX_ARTIFACT_BYTES, {
    message: `the artifact is over ${MAX_ARTIFACT_BYTES / 1_000_000} MB`,
  });
export type Artifact = z.infer<typeof Artifact>;

export type Column = z.infer<typeof Column>;
export type InputTable = z.infer<typeof InputTable>;
export type Sandbox = z.infer<typeof Sandbox>;
export type SandboxSource = z.infer<typeof SandboxSource>;
export type EngineInfo = z.infer<typeof EngineInfo>;
export type Preview = z.infer<typeof Preview>;
export type ModelResult = z.infer<typeof ModelResult>;
export type CheckOutcome = z.infer<typeof CheckOutcome>;
export type LogEntry = z.infer<typeof LogEntry>;
export type Author = z.infer<typeof Author>;
export type Reproducible = z.infer<typeof Reproducible>;
