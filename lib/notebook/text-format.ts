import canonicalize from 'canonicalize';
import { z } from 'zod';
import { SandboxSpec } from '@/lib/synth/spec';
import { Cells, CreateNotebookBody, type Cell } from './schema';

/**
 * A notebook as a plain, diffable text file, so notebooks can live in git:
 *
 *   -- assay notebook v1
 *   -- title: Revenue by category
 *   -- sandbox: {"kind":"synthetic",...}        (one line of JSON, or absent)
 *
 *   -- %% sql {"id":"c1","name":"orders_clean"}        (keys sorted)
 *   select * from orders where status <> 'cancelled'
 *
 *   -- %% markdown {"id":"c2"}
 *   -- # A heading: markdown lines are SQL comments
 *
 *   -- %% check {"id":"c3","model":"orders_clean","checks":[...]}
 *
 * Every cell starts with a `-- %% <kind> <json>` line holding all of its fields but its text; SQL
 * follows verbatim, markdown as `-- ` comments, so the whole file is valid SQL. A cell's text is
 * followed by exactly one blank line. A SQL line that itself starts with `-- %%` is written as
 * `-- %%>` + the line, so it can never be read as a cell header. Reading gives back exactly the
 * cells that were written (a tested round trip).
 */
const MAGIC = '-- assay notebook v1';
const HEADER = /^-- %% (sql|markdown|check|chart) (.*)$/;
const ESCAPE = '-- %%>';

export type NotebookText = { title: string; cells: Cell[]; sandbox: SandboxSpec | null };

export function notebookToText(notebook: NotebookText): string {
  const lines = [MAGIC, `-- title: ${notebook.title.replace(/\s+/g, ' ')}`];
  if (notebook.sandbox) lines.push(`-- sandbox: ${canonicalize(notebook.sandbox)}`);
  let out = `${lines.join('\n')}\n\n`;
  for (const cell of notebook.cells) {
    const { kind, ...rest } = cell;
    const meta: Record<string, unknown> = { ...rest };
    let body: string | null = null;
    if (cell.kind === 'sql') {
      delete meta.source;
      body = cell.source
        .split('\n')
        .map((line) => (line.startsWith('-- %%') ? ESCAPE + line : line))
        .join('\n');
    } else if (cell.kind === 'markdown') {
      delete meta.source;
      body = cell.source
        .split('\n')
        .map((line) => (line ? `-- ${line}` : '--'))
        .join('\n');
    }
    // Keys sorted (RFC 8785), so the same cell always gives the same line whatever order it was built in.
    out += `-- %% ${kind} ${canonicalize(meta)}\n`;
    out += body === null ? '\n' : `${body}\n\n`;
  }
  return out;
}

export type TextProblem = { line: number; message: string };

/** Parses and validates with the same schemas as a save; a problem names its line. */
export function notebookFromText(text: string): { ok: true; notebook: NotebookText } | { ok: false; problem: TextProblem } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const fail = (line: number, message: string) => ({ ok: false as const, problem: { line, message } });
  if (lines[0] !== MAGIC) return fail(1, `the first line must be "${MAGIC}"`);
  const titleLine = /^-- title: (.*)$/.exec(lines[1] ?? '');
  if (!titleLine) return fail(2, 'the second line must be "-- title: <title>"');
  const title = CreateNotebookBody.shape.title.safeParse(titleLine[1]);
  if (!title.success) return fail(2, `title: ${title.error.issues[0]?.message}`);

  let i = 2;
  let sandbox: SandboxSpec | null = null;
  const sandboxLine = /^-- sandbox: (.*)$/.exec(lines[i] ?? '');
  if (sandboxLine) {
    const parsed = parseJson(sandboxLine[1]!);
    const spec = parsed.ok ? SandboxSpec.safeParse(parsed.value) : null;
    if (!spec?.success) return fail(i + 1, `sandbox: ${spec ? spec.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`)[0] : 'not valid JSON'}`);
    sandbox = spec.data;
    i++;
  }

  const raw: Record<string, unknown>[] = [];
  const starts: number[] = [];
  while (i < lines.length) {
    const header = HEADER.exec(lines[i]!);
    if (!header) {
      if (lines[i] === '' && raw.length === 0) {
        i++;
        continue;
      }
      return fail(i + 1, 'expected a cell header "-- %% <sql|markdown|check|chart> {json}"');
    }
    const meta = parseJson(header[2]!);
    if (!meta.ok || typeof meta.value !== 'object' || meta.value === null || Array.isArray(meta.value)) return fail(i + 1, 'the cell header\'s JSON is not an object');
    const kind = header[1]!;
    let end = i + 1;
    while (end < lines.length && !HEADER.test(lines[end]!)) end++;
    // A cell's text is followed by one blank line; at the end of the file the trailing newline adds
    // one more empty string to the split, and a missing final blank line is forgiven.
    const segment = lines.slice(i + 1, end);
    if (end === lines.length && segment.at(-1) === '') segment.pop();
    if (segment.at(-1) === '') segment.pop();
    else if (end < lines.length) return fail(end, "a cell's text must be followed by a blank line");
    const textLines = segment;
    const cell: Record<string, unknown> = { ...(meta.value as Record<string, unknown>), kind };
    if (kind === 'sql') {
      cell.source = textLines.map((line) => (line.startsWith(ESCAPE) ? line.slice(ESCAPE.length) : line)).join('\n');
    } else if (kind === 'markdown') {
      const bad = textLines.findIndex((line) => !line.startsWith('--'));
      if (bad !== -1) return fail(i + 2 + bad, 'a markdown line must start with "-- "');
      cell.source = textLines.map((line) => line.replace(/^-- ?/, '')).join('\n');
    } else if (textLines.length > 0) {
      return fail(i + 2, `a ${kind} cell has no text; its fields are all in its header`);
    }
    raw.push(cell);
    starts.push(i + 1);
    i = end;
  }
  const cells = Cells.safeParse(raw);
  if (!cells.success) {
    const issue = cells.error.issues[0]!;
    const index = typeof issue.path[0] === 'number' ? issue.path[0] : 0;
    return fail(starts[index] ?? 1, `cell ${index + 1}: ${issue.path.slice(1).join('.') || 'cell'}: ${issue.message}`);
  }
  return { ok: true, notebook: { title: title.data, cells: cells.data, sandbox } };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** POST /api/notebooks/import */
export const ImportNotebookBody = z.object({ text: z.string().min(1, 'the file is empty').max(5_000_000) });
