import { readFile, writeFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { notebookFromText, notebookToText } from '@/lib/notebook/text-format';
import { users } from '@/lib/server/db/schema';
import { createNotebook, getNotebookOrThrow } from '@/lib/server/notebooks/notebooks';
import { rolesOf } from '@/lib/server/users/users';
import { option, withDatabase } from './database';
import type { Output } from './replay';

const USAGE = [
  'usage: assay export notebook <notebook-id> [--out <file>]   writes the notebook as a text file (stdout without --out)',
  '       assay import notebook <file> --owner <email>          creates a notebook from such a file, owned by an analyst',
];

export async function exportNotebookCommand(args: readonly string[], io: Output): Promise<number> {
  const [id] = args;
  const out = option(args, '--out');
  if (!id || id.startsWith('--') || (args.includes('--out') && !out)) {
    USAGE.forEach((line) => io.err(line));
    return 2;
  }
  const code = await withDatabase(io, async (database) => {
    try {
      const text = notebookToText(await getNotebookOrThrow(database.db, id));
      if (out) await writeFile(out, text);
      else io.out(text.replace(/\n$/, ''));
      return 0;
    } catch (error) {
      io.err((error as Error).message);
      return 2;
    }
  });
  return code ?? 2;
}

export async function importNotebookCommand(args: readonly string[], io: Output): Promise<number> {
  const [file] = args;
  const owner = option(args, '--owner');
  if (!file || file.startsWith('--') || !owner) {
    USAGE.forEach((line) => io.err(line));
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    return 2;
  }
  const read = notebookFromText(text);
  if (!read.ok) {
    io.err(`${file}:${read.problem.line}: ${read.problem.message}`);
    return 2;
  }
  const code = await withDatabase(io, async (database) => {
    const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, owner));
    if (!user) {
      io.err(`no user with the email ${owner}`);
      return 2;
    }
    if (!(await rolesOf(database.db, user.id)).includes('analyst')) {
      io.err(`${owner} is not an analyst; only analysts own notebooks`);
      return 2;
    }
    const notebook = await createNotebook(database.db, { ownerId: user.id, ...read.notebook });
    io.out(`created notebook ${notebook.id} "${notebook.title}" with ${notebook.cells.length} cells`);
    return 0;
  });
  return code ?? 2;
}

export const NOTEBOOK_USAGE = USAGE;
