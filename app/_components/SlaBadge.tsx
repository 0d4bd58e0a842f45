import { describeBreach, type Breach } from '@/lib/observability/quality';

/** "SLA breached" and why, where the health computation says so (lib/observability/quality.ts); nothing otherwise. */
export function SlaBadge({ breaches, outcome }: { breaches: Breach[]; outcome: 'run' | 'load' }) {
  if (breaches.length === 0) return null;
  const why = breaches.map((b) => describeBreach(b, outcome)).join('; ');
  return (
    <span className="badge bad sla-breached" title={why}>
      SLA breached: {why}
    </span>
  );
}
