import { describe, expect, it } from 'vitest';
import { DocumentChecks } from './documentChecks';
import { readDbtTiming, spanOf } from './dbtTiming';

describe('readDbtTiming', () => {
  it('spans the compile and execute phases', () => {
    const checks = new DocumentChecks();
    const timing = readDbtTiming(
      [
        { name: 'compile', started_at: '2024-05-01T06:03:59.402100Z', completed_at: '2024-05-01T06:03:59.442572Z' },
        { name: 'execute', started_at: '2024-05-01T06:03:59.444761Z', completed_at: '2024-05-01T06:03:59.654336Z' },
      ],
      '/results/0/timing',
      checks,
    );
    expect(checks.problems).toEqual([]);
    expect(timing.startedAt).toBe(Date.UTC(2024, 4, 1, 6, 3, 59, 402));
    expect(timing.completedAt).toBe(Date.UTC(2024, 4, 1, 6, 3, 59, 654));
    expect(timing.phases.map((p) => p.name)).toEqual(['compile', 'execute']);
  });

  it('accepts the empty timing of a skipped node and null times', () => {
    const checks = new DocumentChecks();
    expect(readDbtTiming([], '/t', checks)).toEqual({ startedAt: undefined, completedAt: undefined, phases: [] });
    expect(readDbtTiming([{ name: 'compile', started_at: null, completed_at: null }], '/t', checks).phases).toHaveLength(1);
    expect(checks.ok).toBe(true);
  });

  it('names each wrong field', () => {
    const checks = new DocumentChecks();
    readDbtTiming([{ started_at: 'soon', completed_at: '2024-05-01T00:00:00Z' }, 'x', { name: 'execute', started_at: '2024-05-01T00:00:02Z', completed_at: '2024-05-01T00:00:01Z' }], '/results/2/timing', checks);
    expect(checks.problems.map((p) => p.path)).toEqual([
      '/results/2/timing/0/name',
      '/results/2/timing/0/started_at',
      '/results/2/timing/1',
      '/results/2/timing/2/completed_at',
    ]);
    const other = new DocumentChecks();
    readDbtTiming('nope', '/results/0/timing', other);
    expect(other.problems).toEqual([{ path: '/results/0/timing', message: 'must be an array, got the string "nope"' }]);
  });
});

describe('spanOf', () => {
  it('takes the earliest start and latest end, ignoring unknowns', () => {
    expect(spanOf([{ startedAt: 5, completedAt: 9 }, { startedAt: 3 }, { completedAt: 12 }, {}])).toEqual({ startedAt: 3, completedAt: 12 });
    expect(spanOf([])).toEqual({ startedAt: undefined, completedAt: undefined });
  });
});
