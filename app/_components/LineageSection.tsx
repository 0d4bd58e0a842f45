import { lineageGraph } from '@/lib/lineage/graph';
import type { PipelineLineage } from '@/lib/lineage/types';
import { LineageDiagram } from './LineageDiagram';

/** The lineage diagram with what the analysis could not verify, shared by the experiment and
 * pipeline version pages. */
export function LineageSection({ lineage, outputs }: { lineage: PipelineLineage; outputs?: readonly string[] }) {
  const graph = lineageGraph(lineage, outputs);
  const unverified = lineage.models.filter((m) => !m.verified);
  const sensitive = graph.tables.filter((t) => t.kind !== 'source').flatMap((t) => t.columns.filter((c) => c.sensitivity).map((c) => `${t.name}.${c.name}`));
  return (
    <section className="card section" aria-label="Column lineage">
      <p style={{ marginTop: 0 }}>
        {lineage.models.length} model{lineage.models.length === 1 ? '' : 's'} analysed by DuckDB {lineage.duckdbVersion}&apos;s parser and binder in {lineage.elapsedMs} ms;{' '}
        {sensitive.length === 0 ? 'no model column carries PII unmasked.' : `model columns carrying PII unmasked: ${sensitive.join(', ')}.`}
      </p>
      {unverified.length > 0 && (
        <ul aria-label="Unresolved lineage">
          {unverified.map((m) => (
            <li key={m.model}>
              {m.model}: {m.error} — every column counts as carrying what the model reads.
            </li>
          ))}
        </ul>
      )}
      <LineageDiagram graph={graph} />
    </section>
  );
}
