import { describe, expect, it } from 'vitest';
import { describeBreach, freshnessScore, humanDuration, qualityScore, slaBreaches } from './quality';

const HOUR = 3600;

describe('freshnessScore', () => {
  it.each([
    ['no SLA, fresh', 60, null, 100],
    ['no SLA, a year old', 365 * 24 * HOUR, null, 100],
    ['an SLA and nothing served', null, 24, 0],
    ['just published', 0, 24, 100],
    ['exactly at the SLA', 24 * HOUR, 24, 100],
    ['half way to twice the SLA', 36 * HOUR, 24, 50],
    ['three quarters of the way', 42 * HOUR, 24, 25],
    ['at twice the SLA', 48 * HOUR, 24, 0],
    ['far past it', 1000 * HOUR, 24, 0],
  ] as const)('%s: %s s against %s h → %s', (_, age, sla, score) => {
    expect(freshnessScore(age, sla)).toBeCloseTo(score, 10);
  });
});

describe('qualityScore', () => {
  it('is half the pass rate and half the freshness, rounded', () => {
    expect(qualityScore({ passed: 10, finished: 10, ageSeconds: HOUR, slaHours: 24 })).toBe(100);
    expect(qualityScore({ passed: 7, finished: 10, ageSeconds: HOUR, slaHours: null })).toBe(85);
    expect(qualityScore({ passed: 10, finished: 10, ageSeconds: 36 * HOUR, slaHours: 24 })).toBe(75);
    expect(qualityScore({ passed: 1, finished: 3, ageSeconds: 48 * HOUR, slaHours: 24 })).toBe(17);
    expect(qualityScore({ passed: 0, finished: 4, ageSeconds: null, slaHours: 1 })).toBe(0);
  });

  it('has no score before the first finished run or load', () => {
    expect(qualityScore({ passed: 0, finished: 0, ageSeconds: null, slaHours: null })).toBeNull();
    expect(qualityScore({ passed: 0, finished: 0, ageSeconds: 10, slaHours: 24 })).toBeNull();
  });
});

describe('slaBreaches', () => {
  it('names data older than the SLA and a failed last outcome, each on its own', () => {
    expect(slaBreaches({ ageSeconds: 25 * HOUR, slaHours: 24, lastFailed: false })).toEqual([{ kind: 'freshness', ageSeconds: 25 * HOUR, slaHours: 24 }]);
    expect(slaBreaches({ ageSeconds: HOUR, slaHours: 24, lastFailed: true })).toEqual([{ kind: 'last_failed' }]);
    expect(slaBreaches({ ageSeconds: 3 * HOUR, slaHours: 1, lastFailed: true }).map((b) => b.kind)).toEqual(['freshness', 'last_failed']);
  });

  it('is not breached at the SLA, without one, or with nothing served yet', () => {
    expect(slaBreaches({ ageSeconds: 24 * HOUR, slaHours: 24, lastFailed: false })).toEqual([]);
    expect(slaBreaches({ ageSeconds: 1000 * HOUR, slaHours: null, lastFailed: false })).toEqual([]);
    expect(slaBreaches({ ageSeconds: null, slaHours: 1, lastFailed: false })).toEqual([]);
  });

  it('reads as text', () => {
    expect(describeBreach({ kind: 'freshness', ageSeconds: 30 * HOUR, slaHours: 24 }, 'run')).toBe('data 30 h old, SLA 24 h');
    expect(describeBreach({ kind: 'last_failed' }, 'load')).toBe('the last load failed');
  });
});

describe('humanDuration', () => {
  it.each([
    [0, '0 s'],
    [59, '59 s'],
    [90, '2 min'],
    [3600, '1 h'],
    [47 * 3600, '47 h'],
    [72 * 3600, '3 days'],
  ])('%s s → %s', (seconds, text) => expect(humanDuration(seconds)).toBe(text));
});
