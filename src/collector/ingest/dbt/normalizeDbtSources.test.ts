import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentChecks } from './documentChecks';
import { dbtFreshnessObservations, readDbtSourceFreshness, thresholdSeconds } from './normalizeDbtSources';

const sourcesDoc = (): any => JSON.parse(readFileSync(join(__dirname, '__fixtures__', 'sources.json'), 'utf8'));

describe('thresholdSeconds', () => {
  it('converts {count, period} to seconds', () => {
    const checks = new DocumentChecks();
    expect(thresholdSeconds({ count: 12, period: 'hour' }, '/w', checks)).toBe(43200);
    expect(thresholdSeconds({ count: 3, period: 'day' }, '/w', checks)).toBe(259200);
    expect(thresholdSeconds({ count: 45, period: 'minute' }, '/w', checks)).toBe(2700);
    expect(thresholdSeconds({ count: null, period: null }, '/w', checks)).toBeUndefined();
    expect(thresholdSeconds(null, '/w', checks)).toBeUndefined();
    expect(checks.ok).toBe(true);
    thresholdSeconds({ count: 1.5, period: 'fortnight' }, '/e', checks);
    expect(checks.problems.map((p) => p.path)).toEqual(['/e/count', '/e/period']);
  });
});

describe('readDbtSourceFreshness / dbtFreshnessObservations', () => {
  it('reads every result and observes it on the dataset it names', () => {
    const checks = new DocumentChecks();
    const freshness = readDbtSourceFreshness({ document: sourcesDoc(), path: '', schemaVersion: 3 }, checks);
    expect(checks.problems).toEqual([]);
    expect(freshness.results.map((r) => r.status)).toEqual(['pass', 'warn', 'error', 'runtime error']);
    const { freshness: observations, datasets } = dbtFreshnessObservations(
      freshness,
      (id) => (id.endsWith('.stores') ? undefined : { namespace: 'x', name: id }),
      0,
    );
    expect(observations).toHaveLength(3);
    expect(datasets.map((d) => d.name)).toEqual(['source.jaffle_shop.raw.customers', 'source.jaffle_shop.raw.orders', 'source.jaffle_shop.raw.payments']);
    expect(observations[1]).toMatchObject({ status: 'warn', warnAfterSeconds: 43200, errorAfterSeconds: 86400 });
  });
});
