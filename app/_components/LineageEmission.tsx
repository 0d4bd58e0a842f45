import { describeEmission, emissionFailed, type EmissionStatus } from '@/lib/openlineage/status';

/** Where a run's or a load's OpenLineage events went; nothing when none were emitted (OpenLineage off). */
export function LineageEmission({ statuses }: { statuses: readonly EmissionStatus[] }) {
  if (statuses.length === 0) return null;
  const lines = describeEmission(statuses);
  return (
    <p role="status" aria-label="OpenLineage emission" className={emissionFailed(statuses) ? 'form-error' : 'muted'} style={{ margin: 0 }}>
      OpenLineage — {lines.join(' · ')}
    </p>
  );
}
