import { describe, expect, it } from 'vitest';
import type { Cell } from './schema';
import { notebookFromText, notebookToText, type NotebookText } from './text-format';

const cells: Cell[] = [
  { id: 'c1', kind: 'markdown', source: '# Revenue\n\nIndented:\n  two spaces\n' },
  { id: 'c2', kind: 'sql', name: 'orders_clean', source: "select *\nfrom orders\n-- %% sql {\"looks\":\"like a header\"}\nwhere status <> 'cancelled'" },
  { id: 'c3', kind: 'sql', name: 'empty_model', source: '', collapsed: true },
  { id: 'c4', kind: 'sql', name: 'trailing', source: 'select 1\n\n' },
  { id: 'c5', kind: 'check', model: 'orders_clean', checks: [{ id: 'k1', kind: 'not_null', column: 'order_id' }] },
  { id: 'c6', kind: 'chart', model: 'orders_clean', spec: { mark: 'bar', encoding: { x: { field: 'status' } } } },
];

const notebook: NotebookText = { title: 'Revenue by category', cells, sandbox: null };

describe('the notebook text format', () => {
  it('reads back exactly what it wrote, including headers inside SQL, empty and trailing text', () => {
    const text = notebookToText(notebook);
    const read = notebookFromText(text);
    expect(read).toEqual({ ok: true, notebook: expect.objectContaining({ title: notebook.title, sandbox: null }) });
    if (!read.ok) return;
    expect(read.notebook.cells).toEqual(notebook.cells);
    expect(notebookToText(read.notebook)).toBe(text);
  });

  it('is SQL a person can read: markdown as comments, SQL verbatim', () => {
    const text = notebookToText(notebook);
    expect(text.split('\n').slice(0, 4)).toEqual(["-- assay notebook v1", "-- title: Revenue by category", "", "-- %% markdown {\"id\":\"c1\"}"]);
    expect(text).toContain('-- %% sql {"id":"c2","name":"orders_clean"}\nselect *\nfrom orders\n');
    expect(text).toContain('\n-- # Revenue\n--\n-- Indented:\n--   two spaces\n');
  });

  it('accepts a file without its final blank line and with CRLF line ends', () => {
    const text = notebookToText({ ...notebook, cells: [cells[1]!] }).replace(/\n\n$/, '').replace(/\n/g, '\r\n');
    const read = notebookFromText(text);
    expect(read.ok && read.notebook.cells).toEqual([cells[1]]);
  });

  it.each([
    ['a file that is not a notebook', 'select 1\n', 1, /first line/],
    ['no title', '-- assay notebook v1\nselect 1\n', 2, /title/],
    ['an empty title', '-- assay notebook v1\n-- title:  \n', 2, /title/],
    ['text before the first cell', '-- assay notebook v1\n-- title: T\n\nselect 1\n', 4, /cell header/],
    ['a header whose JSON is broken', '-- assay notebook v1\n-- title: T\n\n-- %% sql {"id":\n\n', 4, /JSON/],
    ['a bad model name', '-- assay notebook v1\n-- title: T\n\n-- %% sql {"id":"a","name":"Bad Name"}\nselect 1\n\n', 4, /cell 1: name: model names/],
    ['two cells defining one model', '-- assay notebook v1\n-- title: T\n\n-- %% sql {"id":"a","name":"m"}\nselect 1\n\n-- %% sql {"id":"b","name":"m"}\nselect 2\n\n', 7, /two cells define the model m/],
    ['a markdown line that is not a comment', '-- assay notebook v1\n-- title: T\n\n-- %% markdown {"id":"a"}\n# heading\n\n', 5, /markdown line/],
    ['text under a check cell', '-- assay notebook v1\n-- title: T\n\n-- %% check {"id":"a","model":"m","checks":[]}\nselect 1\n\n', 5, /no text/],
    ['a broken sandbox line', '-- assay notebook v1\n-- title: T\n-- sandbox: {"seed":\n', 3, /sandbox/],
  ])('refuses %s, naming the line', (_, text, line, message) => {
    const read = notebookFromText(text);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem.line).toBe(line);
    expect(read.problem.message).toMatch(message);
  });
});
