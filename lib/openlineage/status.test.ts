import { describe, expect, it } from 'vitest';
import { describeEmission, emissionFailed, type EmissionStatus } from './status';

describe('OpenLineage emission status, in words', () => {
  it('says per target what was delivered, what is being retried and what failed with its attempts', () => {
    const statuses: EmissionStatus[] = [
      { eventType: 'START', target: 'http', state: 'delivered', attempts: 1, lastError: null },
      { eventType: 'START', target: 'file', state: 'delivered', attempts: 1, lastError: null },
      { eventType: 'COMPLETE', target: 'http', state: 'failed', attempts: 3, lastError: '500 Internal Server Error' },
      { eventType: 'COMPLETE', target: 'file', state: 'pending', attempts: 0, lastError: null },
    ];
    expect(describeEmission(statuses)).toEqual(['endpoint: START delivered, COMPLETE failed: 500 Internal Server Error (3 attempts)', 'file: START delivered, COMPLETE pending']);
    expect(emissionFailed(statuses)).toBe(true);
    expect(describeEmission([{ eventType: 'FAIL', target: 'http', state: 'pending', attempts: 1, lastError: 'no answer within 5 s' }])).toEqual(['endpoint: FAIL retrying after no answer within 5 s (1 attempt)']);
    expect(emissionFailed(statuses.slice(0, 2))).toBe(false);
    expect(describeEmission([])).toEqual([]);
  });
});
