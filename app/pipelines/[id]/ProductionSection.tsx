import Link from 'next/link';
import { Section } from '@/app/_components/Section';
import { utc } from '@/app/_components/utc';
import type { Production } from '@/lib/server/runs/read';
import { ProductionGrid } from './ProductionGrid';
import { RunButton } from './RunButton';

const ago = (from: Date, now: Date) => {
  const minutes = Math.max(0, Math.round((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
};

/** What the production names serve: each output's rows in the grid, counts, fingerprints, freshness. */
export function ProductionSection({
  pipelineId,
  production,
  currentVersion,
  blocked,
  canRun,
  canRead,
  now,
}: {
  pipelineId: string;
  production: Production | null;
  currentVersion: number | null;
  /** Why the current version cannot run now (an input without a snapshot), if so. */
  blocked: string | null;
  canRun: boolean;
  canRead: boolean;
  now: Date;
}) {
  return (
    <Section title="Production data">
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <p role="status" aria-label="Production data" style={{ margin: 0 }}>
          {production === null ? (
            'Nothing published yet.'
          ) : (
            <>
              Serving version {production.version} from <Link href={`/pipelines/${pipelineId}/runs/${production.runId}`}>run {production.runId}</Link>, published {utc(production.publishedAt)}
              {production.kind === 'rollback' ? ' by a rollback' : ''}
              {production.dataAsOf && ` · inputs loaded ${ago(production.dataAsOf, now)} ago`}
              {currentVersion !== null && currentVersion !== production.version && ` · version ${currentVersion} has not published yet`}
            </>
          )}
        </p>
        {canRun && currentVersion !== null && <RunButton href={`/api/pipelines/${pipelineId}/runs`} label="Run now" />}
      </div>
      {blocked && (
        <p className="form-error" role="note" style={{ margin: 0 }}>
          Version {currentVersion} cannot run yet: {blocked}
        </p>
      )}
      {production?.models.map((model) => (
        <div key={model.name} role="group" aria-label={`Production model ${model.name}`} style={{ display: 'grid', gap: 6 }}>
          <h3 className="mono" style={{ margin: 0 }}>
            prod.{model.name}
          </h3>
          <p className="muted" style={{ margin: 0 }}>
            {model.rows.toLocaleString('en-US')} rows · fingerprint <span className="mono">{model.fingerprint.slice(0, 16)}…</span>
          </p>
          {canRead && <ProductionGrid pipelineId={pipelineId} model={model.name} columns={model.schema} rowCount={model.rows} publishId={production.publishId} />}
        </div>
      ))}
      {production?.parquetDir && (
        <p className="muted" style={{ margin: 0 }}>
          Also written as Parquet with a manifest under <span className="mono">published/{production.parquetDir}</span> in the data directory.
        </p>
      )}
    </Section>
  );
}
