import { readFile } from 'node:fs/promises';
import { verifyArtifact } from '@/lib/artifact/id';
import { replayArtifact, type ReplayResult } from '@/lib/artifact/replay';
import { DuckdbMemorySize, REPLAY_DEFAULTS, ReplayTimeoutSeconds, type ReplayLimits } from '@/lib/artifact/replay-limits';
import { MAX_ARTIFACT_BYTES } from '@/lib/artifact/schema';
import { createNativeEngine } from '@/lib/engine/native';
import { limitTime } from '@/lib/engine/time-limit';

/** Exit codes: the replay matched; it did not; it could not be judged (bad input or a replay error). */
export const EXIT = { match: 0, mismatch: 1, error: 2 } as const;

export type Output = { out(line: string): void; err(line: string): void };

const short = (fingerprint: string | undefined) => (fingerprint ? fingerprint.slice(0, 16) : '—');

/** The lines the CLI prints for a replay: one per input table, model and check, then a verdict. */
export function formatReplay(result: ReplayResult): string[] {
  const lines: string[] = [];
  for (const input of result.inputs) {
    const shown = input.match ? short : (fingerprint: string | undefined) => fingerprint ?? '—';
    lines.push(`${input.match ? 'match   ' : 'MISMATCH'}  input ${input.name}: ${input.expected.rows} rows ${shown(input.expected.fingerprint)}` +
      (input.match ? '' : ` → ${input.actual ? `${input.actual.rows} rows ${shown(input.actual.fingerprint)}` : 'not generated'}`));
  }
  for (const model of result.models) {
    // A mismatch shows whole fingerprints: two that differ only at the end must not look equal.
    const shown = model.match ? short : (fingerprint: string | undefined) => fingerprint ?? '—';
    const actual = model.actual ? `${model.actual.rows} rows ${shown(model.actual.fingerprint)}` : 'not built';
    const schema = model.actual && !model.schemaMatch ? ' (schema differs)' : '';
    lines.push(`${model.match ? 'match   ' : 'MISMATCH'}  model ${model.name}: recorded ${model.expected.rows} rows ${shown(model.expected.fingerprint)}, replayed ${actual}${schema}`);
    for (const row of model.diff?.missing ?? []) lines.push(`            - ${row.map((v) => v ?? 'NULL').join(' | ')}`);
    for (const row of model.diff?.unexpectedExact ? model.diff.unexpected : []) lines.push(`            + ${row.map((v) => v ?? 'NULL').join(' | ')}`);
  }
  for (const check of result.checks) {
    lines.push(`${check.match ? 'match   ' : 'MISMATCH'}  check ${check.checkId} (${check.cellId}): recorded ${check.expected}, replayed ${check.actual ?? 'not run'}`);
  }
  if (result.error) lines.push(`error: ${result.error}`);
  lines.push(`${result.status === 'match' ? 'MATCH' : result.status === 'mismatch' ? 'MISMATCH' : 'ERROR'} in ${(result.elapsedMs / 1_000).toFixed(2)} s`);
  return lines;
}

export const USAGE = 'usage: assay replay <artifact.json> [--json] [--timeout <seconds>] [--memory-limit <size, e.g. 2GB>]';

type ReplayArgs = { file: string; asJson: boolean; limits: ReplayLimits };

/** Flags win over ASSAY_REPLAY_TIMEOUT_SECONDS / ASSAY_REPLAY_MEMORY_LIMIT, which win over the
 * server's defaults: a shared artifact with an endless query stops here as it does on the server. */
export function parseReplayArgs(args: readonly string[], env: Record<string, string | undefined>): ReplayArgs | string {
  const files: string[] = [];
  let asJson = false;
  let timeout: string | undefined = env.ASSAY_REPLAY_TIMEOUT_SECONDS || undefined;
  let memory: string | undefined = env.ASSAY_REPLAY_MEMORY_LIMIT || undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') asJson = true;
    else if (arg === '--timeout' || arg === '--memory-limit') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      if (arg === '--timeout') timeout = value;
      else memory = value;
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else files.push(arg);
  }
  if (files.length !== 1) return USAGE;
  const seconds = ReplayTimeoutSeconds.safeParse(timeout ?? REPLAY_DEFAULTS.timeoutSeconds);
  if (!seconds.success) return `--timeout: ${seconds.error.issues[0]?.message}`;
  const memoryLimit = DuckdbMemorySize.safeParse(memory ?? REPLAY_DEFAULTS.memoryLimit);
  if (!memoryLimit.success) return `--memory-limit: ${memoryLimit.error.issues[0]?.message}`;
  return { file: files[0]!, asJson, limits: { timeoutMs: seconds.data * 1_000, memoryLimit: memoryLimit.data } };
}

/** `assay replay <artifact.json>`: verifies the file, replays it on native DuckDB (one thread,
 * hardened, with the server replay's time and memory limits) and reports per input, model and check. */
export async function replayCommand(args: readonly string[], io: Output, env: Record<string, string | undefined> = process.env): Promise<number> {
  const parsed = parseReplayArgs(args, env);
  if (typeof parsed === 'string') {
    io.err(parsed);
    return EXIT.error;
  }
  const { file, asJson, limits } = parsed;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    return EXIT.error;
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_ARTIFACT_BYTES * 1.2) {
    io.err(`${file} is not an artifact: it is over ${MAX_ARTIFACT_BYTES / 1_000_000} MB`);
    return EXIT.error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    io.err(`${file} is not JSON: ${(error as Error).message}`);
    return EXIT.error;
  }
  const verified = await verifyArtifact(json);
  if (!verified.ok) {
    io.err(`${file} is not a valid artifact (${verified.code}): ${verified.message}`);
    return EXIT.error;
  }
  const { artifact, id } = verified;
  const engine = await createNativeEngine({ threads: 1, memoryLimit: limits.memoryLimit });
  const limit = limitTime(engine, limits.timeoutMs);
  let result: ReplayResult;
  try {
    result = await replayArtifact(engine, artifact);
    if (limit.timedOut) result = { ...result, status: 'error', error: `the replay took longer than the limit of ${limits.timeoutMs / 1_000} s and was stopped (--timeout)` };
  } finally {
    limit.stop();
    await engine.close();
  }
  if (asJson) {
    io.out(JSON.stringify({ id, ...result }, null, 2));
  } else {
    io.out(`experiment ${id}`);
    io.out(`"${artifact.annotations.title}" by ${artifact.content.author.name}, ${artifact.content.createdAt}, recorded on ${artifact.content.engine.packageVersion}`);
    if (!artifact.content.reproducible.ok) io.out(`recorded as not reproducible: ${artifact.content.reproducible.reasons.join('; ')}`);
    for (const line of formatReplay(result)) io.out(line);
  }
  return result.status === 'match' ? EXIT.match : result.status === 'mismatch' ? EXIT.mismatch : EXIT.error;
}

export async function main(args: readonly string[], io: Output): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'replay') return replayCommand(rest, io);
  if (command === 'export' && rest[0] === 'notebook') return (await import('./notebook-text')).exportNotebookCommand(rest.slice(1), io);
  if (command === 'export' && rest[0] === 'dbt') return (await import('./export-dbt')).exportDbtCommand(rest.slice(1), io);
  if (command === 'import' && rest[0] === 'notebook') return (await import('./notebook-text')).importNotebookCommand(rest.slice(1), io);
  io.err(command ? `unknown command "${command}"` : 'no command given');
  io.err(`${USAGE}   replays an experiment artifact; exit 0 match, 1 mismatch, 2 error`);
  for (const line of (await import('./notebook-text')).NOTEBOOK_USAGE) io.err(line);
  for (const line of (await import('./export-dbt')).DBT_USAGE) io.err(line);
  return EXIT.error;
}
