import { describe, expect, it } from 'vitest';
import { parseIsoTimestamp } from './isoTimestamp';

describe('parseIsoTimestamp', () => {
  it('reads dbt timestamps with microseconds and Z, truncating to milliseconds', () => {
    expect(parseIsoTimestamp('2024-05-01T12:00:00.123456Z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 123));
    expect(parseIsoTimestamp('2024-05-01T12:00:00.999999Z')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 999));
  });

  it('reads pendulum and Python str(datetime) forms with offsets', () => {
    expect(parseIsoTimestamp('2024-05-01T12:00:00.5+00:00')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 500));
    expect(parseIsoTimestamp('2024-05-01 14:00:00.000001+02:00')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 0));
    expect(parseIsoTimestamp('2024-05-01T07:30:00-0430')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 0));
    expect(parseIsoTimestamp('2024-05-01T12:00:00-05')).toBe(Date.UTC(2024, 4, 1, 17, 0, 0, 0));
  });

  it('treats a timestamp without a zone as UTC', () => {
    expect(parseIsoTimestamp('2022-07-27T22:52:09.288228')).toBe(Date.UTC(2022, 6, 27, 22, 52, 9, 288));
    expect(parseIsoTimestamp('2022-07-27 22:52')).toBe(Date.UTC(2022, 6, 27, 22, 52));
    expect(parseIsoTimestamp('2022-07-27')).toBe(Date.UTC(2022, 6, 27));
  });

  it('reads what OpenLineage emitters write: RFC 3339 offsets in every spelling, and leap seconds', () => {
    expect(parseIsoTimestamp('2024-05-01T14:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseIsoTimestamp('2024-05-01T14:00:00+0200')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseIsoTimestamp('2024-05-01T14:00:00+02')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseIsoTimestamp('2024-05-01 12:00:00Z')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseIsoTimestamp('2016-12-31T23:59:60Z')).toBe(Date.UTC(2016, 11, 31, 23, 59, 59));
    expect(parseIsoTimestamp('2016-12-31T23:59:60.5Z')).toBe(Date.UTC(2016, 11, 31, 23, 59, 59, 500));
  });

  it('rejects what is not a timestamp or names an impossible instant', () => {
    for (const bad of ['', 'yesterday', '1714564800.123', '2024-13-01T00:00:00Z', '2024-02-30T00:00:00Z', '2024-05-01T25:00:00Z', '2024-05-01T12:00:61Z', '2024-05-01T12:00:00+25:00', '2024-05-01T12:00:00Zjunk']) {
      expect(parseIsoTimestamp(bad), bad).toBeUndefined();
    }
  });
});
