import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { notebookToText } from '@/lib/notebook/text-format';
import { openDatabase } from '@/lib/server/db/client';
import { userRoles, users } from '@/lib/server/db/schema';
import { runCli } from './run-cli';

// `assay export notebook` / `assay import notebook` against the embedded database in ASSAY_DATA_DIR.
async function cli(...args: string[]) {
  const { code, out, err } = await runCli(...args);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('assay export/import notebook', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'assay-cli-text-'));
    process.env.ASSAY_DATA_DIR = join(dir, 'data');
    delete process.env.DATABASE_URL;
    delete process.env.ASSAY_MODE;
    const database = openDatabase({ kind: 'pglite', dataDir: process.env.ASSAY_DATA_DIR });
    await database.migrate();
    await database.db.insert(users).values([
      { id: 'u-ana', name: 'Ana', email: 'ana@example.com', emailVerified: true },
      { id: 'u-vic', name: 'Vic', email: 'vic@example.com', emailVerified: true },
    ]);
    await database.db.insert(userRoles).values([
      { userId: 'u-ana', role: 'analyst' },
      { userId: 'u-vic', role: 'viewer' },
    ]);
    await database.close();
  });

  it('imports a file as a new notebook and exports it back byte for byte', async () => {
    const text = notebookToText({
      title: 'From git',
      sandbox: null,
      cells: [
        { id: 'a', kind: 'markdown', source: '# Orders' },
        { id: 'b', kind: 'sql', name: 'orders_clean', source: "select * from orders\nwhere status <> 'cancelled'" },
      ],
    });
    const imported = await cli('import', 'notebook', file('nb.assay.sql', text), '--owner', 'ana@example.com');
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const id = /created notebook (\S+) "From git" with 2 cells/.exec(imported.out)?.[1];
    expect(id).toBeDefined();

    const out = join(dir, 'out.assay.sql');
    expect((await cli('export', 'notebook', id!, '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);
    const printed = await cli('export', 'notebook', id!);
    expect(`${printed.out}\n`).toBe(text);
  });

  it.each([
    ['an unknown notebook', ['export', 'notebook', 'nb_missing'], /notebook nb_missing does not exist/],
    ['export without an id', ['export', 'notebook'], /usage: assay export notebook/],
    ['import without --owner', ['import', 'notebook', 'x.sql'], /usage:/],
    ['a file that does not exist', ['import', 'notebook', '/nonexistent/x.sql', '--owner', 'ana@example.com'], /cannot read .*no such file/],
    ['an owner who is not an analyst', ['import', 'notebook', '@good', '--owner', 'vic@example.com'], /vic@example.com is not an analyst/],
    ['an owner who does not exist', ['import', 'notebook', '@good', '--owner', 'nobody@example.com'], /no user with the email nobody@example.com/],
    ['a file that is not a notebook', ['import', 'notebook', '@bad', '--owner', 'ana@example.com'], /bad\.sql:1: the first line must be/],
  ])('refuses %s with exit 2 and a clear message', async (_, args, message) => {
    const good = file('good.sql', notebookToText({ title: 'G', sandbox: null, cells: [] }));
    const bad = file('bad.sql', 'select 1\n');
    const resolved = args.map((a) => (a === '@good' ? good : a === '@bad' ? bad : a));
    const result = await cli(...resolved);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});
