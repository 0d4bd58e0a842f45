/**
 * The health dashboard's numbers for a pipeline or a dataset, as pure functions of what the database
 * holds (docs/observability.md, "Quality score"). A pipeline's outcomes are its finished runs, a
 * dataset's its finished loads; its age is the time since the data it serves now was published
 * (pipeline) or loaded (dataset).
 */
export type HealthFacts = {
  /** Outcomes that passed among the last `finished` (at most QUALITY_WINDOW). */
  passed: number;
  finished: number;
  /** Seconds since the served data was published or loaded; null: nothing served yet. */
  ageSeconds: number | null;
  /** The freshness SLA in hours; null: none. */
  slaHours: number | null;
  /** The latest finished outcome failed (a failed or check-failed run; a failed or quarantined load). */
  lastFailed: boolean;
};

/** How many of the latest finished runs (or loads) the pass rate looks at. */
export const QUALITY_WINDOW = 10;

/** 100 within the SLA, falling linearly to 0 at twice the SLA; 100 without an SLA, 0 with one and nothing served. */
export function freshnessScore(ageSeconds: number | null, slaHours: number | null): number {
  if (slaHours === null) return 100;
  if (ageSeconds === null) return 0;
  const sla = slaHours * 3600;
  if (ageSeconds <= sla) return 100;
  return Math.max(0, 100 * (1 - (ageSeconds - sla) / sla));
}

/** 0–100: half the pass rate over the window, half the freshness score; null before the first finished outcome. */
export function qualityScore(facts: Pick<HealthFacts, 'passed' | 'finished' | 'ageSeconds' | 'slaHours'>): number | null {
  if (facts.finished === 0) return null;
  const passRate = (100 * facts.passed) / facts.finished;
  return Math.round(0.5 * passRate + 0.5 * freshnessScore(facts.ageSeconds, facts.slaHours));
}

export type Breach = { kind: 'freshness'; ageSeconds: number; slaHours: number } | { kind: 'last_failed' };

/** Why the SLA is breached — the served data is older than the SLA, or the latest outcome failed — or [] when it is not. */
export function slaBreaches(facts: Pick<HealthFacts, 'ageSeconds' | 'slaHours' | 'lastFailed'>): Breach[] {
  const breaches: Breach[] = [];
  if (facts.slaHours !== null && facts.ageSeconds !== null && facts.ageSeconds > facts.slaHours * 3600) breaches.push({ kind: 'freshness', ageSeconds: facts.ageSeconds, slaHours: facts.slaHours });
  if (facts.lastFailed) breaches.push({ kind: 'last_failed' });
  return breaches;
}

/** A duration for people: "45 s", "12 min", "5 h", "3 days". */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

/** A breach as a sentence fragment: "data 30 h old, SLA 24 h", "the last run failed". */
export function describeBreach(breach: Breach, outcome: 'run' | 'load'): string {
  return breach.kind === 'freshness' ? `data ${humanDuration(breach.ageSeconds)} old, SLA ${breach.slaHours} h` : `the last ${outcome} failed`;
}
