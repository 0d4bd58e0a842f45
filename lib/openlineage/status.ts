import type { EventType } from './types';

/** How one stored OpenLineage event fared at one target (lib/server/openlineage/outbox.ts). */
export type EmissionStatus = {
  eventType: EventType;
  target: 'http' | 'file';
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
};

const TARGET_LABELS = { http: 'endpoint', file: 'file' } as const;
const attempts = (n: number) => `${n} attempt${n === 1 ? '' : 's'}`;

function describeOne(s: EmissionStatus): string {
  if (s.state === 'delivered') return `${s.eventType} delivered`;
  if (s.state === 'failed') return `${s.eventType} failed: ${s.lastError ?? 'unknown error'} (${attempts(s.attempts)})`;
  return s.lastError ? `${s.eventType} retrying after ${s.lastError} (${attempts(s.attempts)})` : `${s.eventType} pending`;
}

/** One line per target, e.g. "endpoint: START delivered, COMPLETE failed: 500 Internal Server Error (3 attempts)". */
export function describeEmission(statuses: readonly EmissionStatus[]): string[] {
  const targets = [...new Set(statuses.map((s) => s.target))];
  return targets.map((t) => `${TARGET_LABELS[t]}: ${statuses.filter((s) => s.target === t).map(describeOne).join(', ')}`);
}

/** Whether any event of the list failed for good: the page then shows the line as an error. */
export const emissionFailed = (statuses: readonly EmissionStatus[]) => statuses.some((s) => s.state === 'failed');
