import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exampleArtifact } from '@/lib/artifact/example';
import { openDatabase } from '@/lib/server/db/client';
import { experiments, notebooks, pipelines, pipelineVersions, users } from '@/lib/server/db/schema';
import { runCli } from './run-cli';

// `assay export dbt <pipeline>` reads a promoted version from the configured database.
async function cli(...args: string[]) {
  const { code, out, err } = await runCli(...args);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('assay export dbt', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'assay-cli-dbt-'));
    process.env.ASSAY_DATA_DIR = join(dir, 'data');
    delete process.env.DATABASE_URL;
    delete process.env.ASSAY_MODE;
    const database = openDatabase({ kind: 'pglite', dataDir: process.env.ASSAY_DATA_DIR });
    await database.migrate();
    const { content, annotations, format } = exampleArtifact();
    const artifactId = 'b'.repeat(64);
    await database.db.insert(users).values({ id: 'u-ana', name: 'Ana', email: 'ana@example.com', emailVerified: true });
    await database.db.insert(notebooks).values({ id: content.notebook.id, title: 'Repeat buyers', ownerId: 'u-ana', currentRevision: 1 });
    await database.db.insert(experiments).values({ id: artifactId, notebookId: content.notebook.id, authorId: 'u-ana', format, content, annotations, byteSize: 1 });
    await database.db.insert(pipelines).values([
      { id: 'p1', name: 'repeat_buyers', ownerId: 'u-ana', currentVersion: 1 },
      { id: 'p2', name: 'not_promoted', ownerId: 'u-ana', currentVersion: null },
    ]);
    await database.db.insert(pipelineVersions).values({ pipelineId: 'p1', version: 1, artifactId, requestId: 'r1', docs: {}, promotedBy: 'u-ana', approvals: [] });
    await database.close();
  });

  it('writes the production version as a dbt project', async () => {
    const out = join(dir, 'project');
    const result = await cli('export', 'dbt', 'repeat_buyers', '--out', out);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^wrote dbt project repeat_buyers \(pipeline repeat_buyers version 1, \d+ files\)/);
    expect(parse(readFileSync(join(out, 'dbt_project.yml'), 'utf8'))).toMatchObject({ name: 'repeat_buyers', version: '1.0.0' });
    expect(readFileSync(join(out, 'models/repeat_buyers.sql'), 'utf8')).toContain("from {{ ref('paid_orders') }}");
    expect(existsSync(join(out, 'models/schema.yml'))).toBe(true);
  });

  it.each([
    ['an unknown pipeline', ['export', 'dbt', 'nope'], /no pipeline named nope/],
    ['a pipeline with nothing in production', ['export', 'dbt', 'not_promoted'], /has no production version yet/],
    ['a version that does not exist', ['export', 'dbt', 'repeat_buyers', '--version', '7'], /has no version 7/],
    ['a version that is not a number', ['export', 'dbt', 'repeat_buyers', '--version', 'two'], /usage: assay export dbt/],
    ['a project name dbt would refuse', ['export', 'dbt', 'repeat_buyers', '--name', '9lives', '--out', '/tmp/never-written'], /"9lives" is not a valid dbt project name/],
  ])('refuses %s with exit 2 and a clear message', async (_, args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });
});
