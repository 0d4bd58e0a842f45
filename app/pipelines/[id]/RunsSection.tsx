import Link from 'next/link';
import type { ReactNode } from 'react';
import { Section } from '@/app/_components/Section';
import { utc } from '@/app/_components/utc';
import { RUN_STATUS_LABELS } from '@/lib/runs/states';
import type { RunSummary } from '@/lib/server/runs/read';
import { RunChart } from './RunChart';

const seconds = (ms: number | null) => (ms === null ? '' : `${(ms / 1000).toFixed(2)} s`);
const BADGE: Record<string, string> = { published: 'ok', built: 'ok', checks_failed: 'bad', failed: 'bad' };

/** The run history (newest first, paged), with a chart of durations and rows over the page's runs. */
export function RunsSection({ pipelineId, runs, paging, schedule }: { pipelineId: string; runs: RunSummary[]; paging: ReactNode; schedule: ReactNode }) {
  return (
    <Section title="Runs">
      {schedule}
      {runs.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          No production run yet.
        </p>
      ) : (
        <>
          <RunChart points={[...runs].reverse().map((r) => ({ run: r.id, seconds: r.elapsedMs === null ? null : r.elapsedMs / 1000, rows: r.rowsOut, status: r.status }))} />
          <table className="data-list" aria-label="Run history">
            <thead>
              <tr>
                <th>Run</th>
                <th>Version</th>
                <th>Status</th>
                <th>Trigger</th>
                <th>Started</th>
                <th>Duration</th>
                <th>Rows in → out</th>
                <th>Checks</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} aria-label={`Run ${r.id}`}>
                  <td>
                    <Link href={`/pipelines/${pipelineId}/runs/${r.id}`}>run {r.id}</Link>
                  </td>
                  <td>v{r.version}</td>
                  <td>
                    <span className={`badge ${BADGE[r.status] ?? ''}`}>{RUN_STATUS_LABELS[r.status]}</span>
                    {r.expiredAt && <span className="muted"> · tables expired</span>}
                  </td>
                  <td>{r.trigger}</td>
                  <td className="muted">{utc(r.startedAt ?? r.createdAt)}</td>
                  <td>{seconds(r.elapsedMs)}</td>
                  <td>{r.rowsIn === null ? '' : `${r.rowsIn.toLocaleString('en-US')} → ${(r.rowsOut ?? 0).toLocaleString('en-US')}`}</td>
                  <td>
                    {r.checksFailed > 0 && <span className="badge bad">{r.checksFailed} blocking</span>} {r.checksWarned > 0 && <span className="badge">{r.checksWarned} warned</span>}
                    {r.error && <span className="muted"> {r.error.slice(0, 120)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {paging}
    </Section>
  );
}
