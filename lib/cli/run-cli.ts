import { main } from './replay';

/** Runs `assay <args>` in-process, collecting what it prints (for tests). */
export async function runCli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}
