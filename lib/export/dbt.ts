import { stringify } from 'yaml';
import type { ArtifactContent } from '@/lib/artifact/schema';
import type { CheckCell, SqlCell } from '@/lib/notebook/schema';
import type { PromotionSubmission } from '@/lib/promotion/types';
import type { Check } from '@/lib/quality/schema';
import { rewriteRelations } from './relations';

/** dbt project and profile names: https://docs.getdbt.com (letters, digits and _; not starting with a digit). */
export const DBT_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const SOURCE = 'raw';

export type DbtExportInput = {
  pipelineName: string;
  version: number;
  artifactId: string;
  content: ArtifactContent;
  docs: PromotionSubmission['docs'];
};

export type DbtProject = { name: string; files: Record<string, string> };

/**
 * A pipeline version as a dbt project for teams that run dbt (with dbt-duckdb): each model's SQL
 * with its relations turned into `ref()` and `source()`, the sandbox's catalog contracts as the
 * sources, descriptions and column types as enforced model contracts, and the checks as dbt tests
 * (generic where dbt has one, singular SQL tests otherwise). What dbt cannot express is listed in
 * the project's README.
 */
export function exportDbtProject(input: DbtExportInput): { ok: true; project: DbtProject } | { ok: false; error: string } {
  const name = input.pipelineName;
  if (!DBT_IDENTIFIER.test(name)) {
    return { ok: false, error: `"${name}" is not a valid dbt project name (lowercase letters, digits and _, not starting with a digit); pass --name to choose one` };
  }
  const { content } = input;
  const sqlCells = content.cells.filter((c): c is SqlCell => c.kind === 'sql');
  const models = new Set(sqlCells.map((c) => c.name));
  const sources = new Set(content.sandbox.datasets.map((d) => d.name));
  const relation = (table: string) => (models.has(table) ? `{{ ref('${table}') }}` : sources.has(table) ? `{{ source('${SOURCE}', '${table}') }}` : null);
  const files: Record<string, string> = {};
  const header = `-- Exported from Assay: pipeline ${name} version ${input.version}, artifact ${input.artifactId}.\n`;

  for (const cell of sqlCells) files[`models/${cell.name}.sql`] = `${header}${rewriteRelations(cell.source, relation).trim()}\n`;

  const checks = content.cells.filter((c): c is CheckCell => c.kind === 'check');
  const columnTests = new Map<string, Map<string, unknown[]>>();
  const singular: string[] = [];
  const lost: string[] = [];
  for (const cell of checks) {
    for (const check of cell.checks) {
      const generic = genericTest(check, relation);
      if (generic) {
        const byColumn = columnTests.get(cell.model) ?? new Map<string, unknown[]>();
        byColumn.set(generic.column, [...(byColumn.get(generic.column) ?? []), generic.test]);
        columnTests.set(cell.model, byColumn);
        continue;
      }
      const target = relation(cell.model);
      const sql = target ? singularTest(check, target) : null;
      if (sql) {
        const file = `tests/${cell.model}__${check.kind}__${check.id.replace(/[^A-Za-z0-9_]/g, '_')}.sql`;
        files[file] = `${header}-- Check ${check.id} on ${cell.model}: a row returned is a failure.\n${sql}\n`;
        singular.push(file);
      } else lost.push(`check ${check.id} on ${cell.model}`);
    }
  }

  const schemaOf = new Map(content.models.map((m) => [m.name, m.schema]));
  files['models/schema.yml'] = stringify({
    version: 2,
    models: sqlCells.map((cell) => {
      const docs = input.docs[cell.name];
      return {
        name: cell.name,
        description: docs?.description ?? '',
        config: { materialized: 'table', contract: { enforced: true } },
        columns: (schemaOf.get(cell.name) ?? []).map((column) => ({
          name: column.name,
          data_type: column.type,
          description: docs?.columns[column.name]?.description ?? '',
          ...withTests(columnTests.get(cell.name)?.get(column.name), docs?.columns[column.name]?.nullable === false ? ['not_null'] : []),
        })),
      };
    }),
  });
  files['models/sources.yml'] = stringify({
    version: 2,
    sources: [
      {
        name: SOURCE,
        description: 'The catalog datasets the pipeline reads, as Assay loads them into its warehouse.',
        tables: content.sandbox.datasets.map(({ name: table, contract }) => ({
          name: table,
          description: contract.description ?? '',
          columns: contract.columns.map((column) => ({
            name: column.name,
            data_type: column.type,
            description: column.description,
            meta: { sensitivity: column.sensitivity, masking: column.masking },
            ...withTests(columnTests.get(table)?.get(column.name), column.nullable ? [] : ['not_null']),
          })),
        })),
      },
    ],
  });
  files['dbt_project.yml'] = stringify({
    name,
    version: `${input.version}.0.0`,
    'config-version': 2,
    profile: name,
    'model-paths': ['models'],
    'test-paths': ['tests'],
    models: { [name]: { '+materialized': 'table' } },
  });
  files['profiles.yml'] = stringify({ [name]: { target: 'dev', outputs: { dev: { type: 'duckdb', path: `${name}.duckdb`, threads: 4 } } } });
  files['README.md'] = readme(name, input, lost, singular.length);
  return { ok: true, project: { name, files } };
}

type Relation = (table: string) => string | null;

function genericTest(check: Check, relation: Relation): { column: string; test: unknown } | null {
  switch (check.kind) {
    case 'not_null':
      return { column: check.column, test: 'not_null' };
    case 'unique':
      return check.columns.length === 1 ? { column: check.columns[0]!, test: 'unique' } : null;
    case 'accepted_values':
      return { column: check.column, test: { accepted_values: { values: check.values, quote: true } } };
    case 'relationships': {
      const to = relation(check.to);
      if (!to) return null;
      // dbt takes the target as ref('x') or source('raw', 'x') without the braces.
      return { column: check.column, test: { relationships: { to: to.slice(3, -3), field: check.toColumn } } };
    }
    case 'row_count':
    case 'expression':
      return null;
    default:
      return assertNever(check);
  }
}

function singularTest(check: Check, target: string): string | null {
  switch (check.kind) {
    case 'unique': {
      const columns = check.columns.join(', ');
      return `select ${columns}, count(*) as n from ${target} group by ${columns} having count(*) > 1`;
    }
    case 'row_count': {
      const bounds = [check.min !== null ? `count(*) < ${check.min}` : null, check.max !== null ? `count(*) > ${check.max}` : null].filter(Boolean);
      return `select count(*) as n from ${target} having ${bounds.join(' or ')}`;
    }
    case 'expression':
      return `select * from ${target} where not coalesce((${check.predicate}), false)`;
    case 'not_null':
    case 'accepted_values':
    case 'relationships':
      return null;
    default:
      return assertNever(check);
  }
}

function withTests(tests: unknown[] | undefined, implied: string[]): { data_tests?: unknown[] } {
  const all = [...implied.filter((t) => !(tests ?? []).includes(t)), ...(tests ?? [])];
  return all.length > 0 ? { data_tests: all } : {};
}

function assertNever(value: never): never {
  throw new Error(`unhandled check ${JSON.stringify(value)}`);
}

function readme(name: string, input: DbtExportInput, lost: string[], singular: number): string {
  return `# ${name} (exported from Assay)

Pipeline \`${input.pipelineName}\` version ${input.version}, promoted from experiment artifact
\`${input.artifactId}\`. Run it with [dbt-duckdb](https://github.com/duckdb/dbt-duckdb):

    dbt build --profiles-dir .

Load the sources first: \`models/sources.yml\` lists the tables of the \`${SOURCE}\` schema the models read.

## What the export keeps
- Every model's SQL, with its relations as \`ref()\` and \`source()\`; models are tables.
- Column names and DuckDB types as enforced model contracts; descriptions from the promotion.
- Checks: not_null, single-column unique, accepted_values and relationships as dbt's generic tests;
  ${singular} others (multi-column unique, row counts, SQL expressions) as singular tests in \`tests/\`.
- Column sensitivity and masking rules as \`meta\` on the sources.

## What is lost
- Assay's promotion record: gates, reviews, approvals, the audit trail and the artifact's fingerprints.
- Chart and markdown cells (dbt has no place for them).
- Masking is described, not applied: dbt reads the raw sources as they are.
- Check severities and the write-audit-publish step: dbt builds in place.
${lost.map((l) => `- ${l}: refers to a relation outside the pipeline`).join('\n')}
`;
}
