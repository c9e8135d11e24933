import { describe, expect, it } from 'vitest';
import { median, volumeAnomalies, volumeAnomaly } from './volumeAnomaly';

const steady = [1000, 1040, 980, 1010, 995, 1025, 990, 1005];

describe('volumeAnomaly', () => {
  it('gives no verdict with fewer than 5 previous runs', () => {
    const verdict = volumeAnomaly(0, [1000, 1000, 1000, 1000]);
    expect(verdict).toEqual({ anomaly: false, zScore: null, baseline: null, historySize: 4 });
  });

  it('accepts ordinary variation', () => {
    const verdict = volumeAnomaly(1030, steady);
    expect(verdict.anomaly).toBe(false);
    expect(Math.abs(verdict.zScore!)).toBeLessThan(3.5);
    expect(verdict.baseline).toBe(1002.5);
    expect(verdict.historySize).toBe(8);
  });

  it('flags a 10x spike', () => {
    const verdict = volumeAnomaly(10_000, steady);
    expect(verdict).toMatchObject({ anomaly: true, kind: 'spike' });
    expect(verdict.zScore!).toBeGreaterThan(3.5);
  });

  it('flags a drop below half the median even in a noisy history', () => {
    const noisy = [100, 2000, 400, 1500, 800, 1200, 300, 1800];
    // the MAD is wide, so the z-score alone would not flag this
    const verdict = volumeAnomaly(200, noisy);
    expect(Math.abs(verdict.zScore!)).toBeLessThan(3.5);
    expect(verdict).toMatchObject({ anomaly: true, kind: 'drop', baseline: 1000 });
  });

  it('flags zero rows after a steady history', () => {
    expect(volumeAnomaly(0, steady)).toMatchObject({ anomaly: true, kind: 'drop' });
  });

  it('does not flag a tiny change of a perfectly constant table, but does flag a large one', () => {
    const constant = [50, 50, 50, 50, 50, 50];
    expect(volumeAnomaly(51, constant).anomaly).toBe(false);
    expect(volumeAnomaly(55, constant).anomaly).toBe(false);
    expect(volumeAnomaly(80, constant)).toMatchObject({ anomaly: true, kind: 'spike' });
  });

  it('is not thrown off by one outlier in the history', () => {
    const withOutlier = [...steady, 1_000_000];
    expect(volumeAnomaly(1010, withOutlier).anomaly).toBe(false);
    expect(volumeAnomaly(10_000, withOutlier).anomaly).toBe(true);
  });

  it('ignores unusable history values', () => {
    expect(volumeAnomaly(1000, [Number.NaN, -1, 1000, 1000, 1000, 1000]).historySize).toBe(4);
  });
});

describe('volumeAnomalies', () => {
  it('judges each run against the runs before it only', () => {
    const series = [1000, 1010, 990, 1005, 995, 1000, 10, 1002];
    const verdicts = volumeAnomalies(series, 20);
    expect(verdicts.map((v) => v.anomaly)).toEqual([false, false, false, false, false, false, true, false]);
    expect(verdicts[6].kind).toBe('drop');
    expect(verdicts[4].zScore).toBeNull();
    expect(verdicts[5].historySize).toBe(5);
  });

  it('uses at most the given number of previous runs', () => {
    const verdicts = volumeAnomalies(Array.from({ length: 30 }, () => 100), 20);
    expect(verdicts[29].historySize).toBe(20);
  });
});

describe('median', () => {
  it('handles odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
