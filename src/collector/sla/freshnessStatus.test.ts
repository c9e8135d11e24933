import { describe, expect, it } from 'vitest';
import { createScheduleMemo, evaluateFreshness, freshnessStatusValue, worseStatus } from './freshnessStatus';

const hour = 3_600_000;
const now = Date.parse('2024-05-01T12:00:00Z');
const ages = { warnAfterSeconds: 6 * 3600, criticalAfterSeconds: 12 * 3600 };

describe('evaluateFreshness with age thresholds', () => {
  it.each([
    [1, 'fresh'],
    [6, 'fresh'], // exactly at the threshold is still within it
    [6.01, 'warning'],
    [12, 'warning'],
    [12.01, 'stale'],
    [1000, 'stale'],
  ])('%s hours old is %s', (hours, status) => {
    expect(evaluateFreshness(now - hours * hour, ages, now).status).toBe(status);
  });

  it('answers age and thresholds in seconds', () => {
    expect(evaluateFreshness(now - 2 * hour, ages, now)).toEqual({
      status: 'fresh',
      ageSeconds: 7200,
      warnAfterSeconds: 21_600,
      criticalAfterSeconds: 43_200,
      reason: 'updated within its SLA',
    });
  });

  it('is unknown without an SLA or without any update', () => {
    expect(evaluateFreshness(now - hour, {}, now)).toMatchObject({ status: 'unknown', ageSeconds: 3600, reason: 'no freshness SLA applies to this dataset' });
    expect(evaluateFreshness(null, ages, now)).toMatchObject({ status: 'unknown', ageSeconds: null, reason: 'no successful update has been recorded' });
    expect(evaluateFreshness(undefined, ages, now).status).toBe('unknown');
  });

  it('treats an update from the future (clock skew) as age 0', () => {
    expect(evaluateFreshness(now + hour, ages, now)).toMatchObject({ status: 'fresh', ageSeconds: 0 });
  });

  it('works with only one of the thresholds', () => {
    expect(evaluateFreshness(now - 7 * hour, { warnAfterSeconds: 6 * 3600 }, now).status).toBe('warning');
    expect(evaluateFreshness(now - 700 * hour, { warnAfterSeconds: 6 * 3600 }, now).status).toBe('warning');
    expect(evaluateFreshness(now - 13 * hour, { criticalAfterSeconds: 12 * 3600 }, now).status).toBe('stale');
  });
});

describe('evaluateFreshness with an expected schedule', () => {
  // daily at 06:00 UTC, 2 h grace: at 12:00 the 06:00 run's deadline (08:00) has passed
  const daily = { schedule: { cron: '0 6 * * *', timezone: 'UTC', graceSeconds: 2 * 3600 } };

  it('is fresh when updated after the last due scheduled time', () => {
    const verdict = evaluateFreshness(Date.parse('2024-05-01T06:40:00Z'), daily, now);
    expect(verdict).toMatchObject({ status: 'fresh', dueSince: Date.parse('2024-05-01T06:00:00Z') });
    // the threshold is the age at which it would be stale: 6 h since 06:00
    expect(verdict.criticalAfterSeconds).toBe(6 * 3600);
  });

  it('is stale when the scheduled time + grace passed without an update', () => {
    const verdict = evaluateFreshness(Date.parse('2024-04-30T06:30:00Z'), daily, now);
    expect(verdict.status).toBe('stale');
    expect(verdict.reason).toBe('no update since the run scheduled for 2024-05-01T06:00:00.000Z (cron "0 6 * * *" UTC, grace 2h)');
    expect(verdict.ageSeconds! > verdict.criticalAfterSeconds!).toBe(true);
  });

  it('is still fresh within the grace period', () => {
    const at0700 = Date.parse('2024-05-01T07:00:00Z');
    // yesterday's update is fine until 08:00 today
    expect(evaluateFreshness(Date.parse('2024-04-30T06:30:00Z'), daily, at0700)).toMatchObject({
      status: 'fresh',
      dueSince: Date.parse('2024-04-30T06:00:00Z'),
    });
    // and stale one millisecond after the deadline
    expect(evaluateFreshness(Date.parse('2024-04-30T06:30:00Z'), daily, Date.parse('2024-05-01T08:00:00.001Z')).status).toBe('stale');
    // an update exactly at the scheduled time counts
    expect(evaluateFreshness(Date.parse('2024-05-01T06:00:00Z'), daily, now).status).toBe('fresh');
  });

  it('warns after warnGrace', () => {
    const sla = { schedule: { ...daily.schedule, warnGraceSeconds: 3600 } };
    const yesterday = Date.parse('2024-04-30T06:30:00Z');
    expect(evaluateFreshness(yesterday, sla, Date.parse('2024-05-01T06:59:00Z')).status).toBe('fresh');
    expect(evaluateFreshness(yesterday, sla, Date.parse('2024-05-01T07:30:00Z')).status).toBe('warning');
    expect(evaluateFreshness(yesterday, sla, Date.parse('2024-05-01T08:30:00Z')).status).toBe('stale');
  });

  it('reads the cron in its time zone', () => {
    // 06:00 in Berlin is 04:00 UTC in summer: by 06:30 UTC the 2 h grace has passed
    const berlin = { schedule: { cron: '0 6 * * *', timezone: 'Europe/Berlin', graceSeconds: 2 * 3600 } };
    const verdict = evaluateFreshness(Date.parse('2024-04-30T05:00:00Z'), berlin, Date.parse('2024-05-01T06:30:00Z'));
    expect(verdict).toMatchObject({ status: 'stale', dueSince: Date.parse('2024-05-01T04:00:00Z') });
  });

  it('takes the worse of age thresholds and schedule', () => {
    const both = { ...daily, criticalAfterSeconds: 3600 };
    // updated after 06:00 (schedule fine) but 5 h ago (age breached)
    const verdict = evaluateFreshness(Date.parse('2024-05-01T07:00:00Z'), both, now);
    expect(verdict.status).toBe('stale');
    expect(verdict.criticalAfterSeconds).toBe(3600);
    expect(verdict.reason).toBe('age 5h is past the critical threshold of 1h');
  });

  it('is unknown when never updated, and remembers schedule look-ups', () => {
    const memo = createScheduleMemo();
    expect(evaluateFreshness(null, daily, now, memo).status).toBe('unknown');
    expect(memo.size).toBe(1);
    evaluateFreshness(now - hour, daily, now, memo);
    expect(memo.size).toBe(1);
  });
});

describe('status helpers', () => {
  it('encodes statuses for /metrics and orders them', () => {
    expect(['fresh', 'warning', 'stale', 'unknown'].map((s) => freshnessStatusValue(s as never))).toEqual([0, 1, 2, -1]);
    expect(worseStatus('fresh', 'stale')).toBe('stale');
    expect(worseStatus('unknown', 'fresh')).toBe('fresh');
  });
});
