import { describe, expect, it } from 'vitest';
import { nextLoadAt, Schedule } from './schedule';

describe('load schedules', () => {
  it('computes the next run in UTC', () => {
    expect(nextLoadAt('0 3 * * *', new Date('2026-05-01T03:00:00Z'))?.toISOString()).toBe('2026-05-02T03:00:00.000Z');
    expect(nextLoadAt('*/15 * * * *', new Date('2026-05-01T10:07:00Z'))?.toISOString()).toBe('2026-05-01T10:15:00.000Z');
  });

  it('refuses what is not a cron pattern, and more than one load a minute', () => {
    expect(Schedule.safeParse('0 3 * * *').success).toBe(true);
    expect(Schedule.safeParse('every day').error?.issues[0]?.message).toMatch(/not a cron pattern/);
    expect(Schedule.safeParse('*/10 * * * * *').error?.issues[0]?.message).toBe('a schedule runs at most once a minute');
  });
});
