import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { exportDbtProject } from '@/lib/export/dbt';
import { experiments, pipelines, pipelineVersions } from '@/lib/server/db/schema';
import { option, withDatabase } from './database';
import type { Output } from './replay';

export const DBT_USAGE = ['       assay export dbt <pipeline> [--out <dir>] [--version <n>] [--name <project>]   writes a dbt project of a pipeline version (production by default)'];

/** `assay export dbt <pipeline>`: the pipeline's production version (or --version) as a dbt project. */
export async function exportDbtCommand(args: readonly string[], io: Output): Promise<number> {
  const [pipelineName] = args;
  const out = option(args, '--out') ?? `./${pipelineName}-dbt`;
  const versionArg = option(args, '--version');
  const version = versionArg === undefined ? null : Number(versionArg);
  if (!pipelineName || pipelineName.startsWith('--') || (version !== null && !(Number.isInteger(version) && version > 0))) {
    io.err(`usage: assay export dbt <pipeline> [--out <dir>] [--version <n>] [--name <project>]`);
    return 2;
  }
  const code = await withDatabase(io, async ({ db }) => {
    const [pipeline] = await db.select().from(pipelines).where(eq(pipelines.name, pipelineName));
    if (!pipeline) {
      io.err(`no pipeline named ${pipelineName}`);
      return 2;
    }
    const wanted = version ?? pipeline.currentVersion;
    if (wanted === null) {
      io.err(`pipeline ${pipelineName} has no production version yet; pass --version`);
      return 2;
    }
    const [row] = await db
      .select({ artifactId: pipelineVersions.artifactId, docs: pipelineVersions.docs, content: experiments.content })
      .from(pipelineVersions)
      .innerJoin(experiments, eq(experiments.id, pipelineVersions.artifactId))
      .where(and(eq(pipelineVersions.pipelineId, pipeline.id), eq(pipelineVersions.version, wanted)));
    if (!row) {
      io.err(`pipeline ${pipelineName} has no version ${wanted}`);
      return 2;
    }
    const exported = exportDbtProject({ pipelineName: option(args, '--name') ?? pipelineName, version: wanted, artifactId: row.artifactId, content: row.content, docs: row.docs });
    if (!exported.ok) {
      io.err(exported.error);
      return 2;
    }
    for (const [file, text] of Object.entries(exported.project.files)) {
      await mkdir(dirname(join(out, file)), { recursive: true });
      await writeFile(join(out, file), text);
    }
    io.out(`wrote dbt project ${exported.project.name} (pipeline ${pipelineName} version ${wanted}, ${Object.keys(exported.project.files).length} files) to ${out}`);
    return 0;
  });
  return code ?? 2;
}
