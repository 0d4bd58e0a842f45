import { parityJson } from './parity-queries';
import type { Rows } from './types';

export type ParityCaseResult = { name: string; render: 'varchar' | 'raw'; identical: boolean; here: string; there: string };

/** Compares two engines' suite results case by case, in the text form of parityJson (which keeps -0). */
export function compareParity(render: 'varchar' | 'raw', here: Record<string, Rows>, thereJson: string): ParityCaseResult[] {
  const mine = JSON.parse(parityJson(here)) as Record<string, unknown>;
  const theirs = JSON.parse(thereJson) as Record<string, unknown>;
  const names = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])];
  return names.map((name) => {
    const a = JSON.stringify(mine[name] ?? null);
    const b = JSON.stringify(theirs[name] ?? null);
    return { name, render, identical: a === b, here: a, there: b };
  });
}
