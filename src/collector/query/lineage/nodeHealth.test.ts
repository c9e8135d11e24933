import { describe, expect, it } from 'vitest';
import { LineageGraph, hopFrom } from './lineageGraph';
import { datasetHealth, formatAge, healthLevels, jobHealth, normalizeArcs, qualityLevel } from './nodeHealth';

const sum = (arcs: Record<string, number>) => healthLevels.reduce((s, level) => s + arcs[level], 0);
describe('node health', () => {
  it('maps a job’s latest run state', () => {
    expect(jobHealth('COMPLETE').level).toBe('healthy');
    expect(jobHealth('FAIL').level).toBe('failing');
    expect(jobHealth('ABORT').level).toBe('failing');
    expect(jobHealth('RUNNING').level).toBe('running');
    expect(jobHealth('START').arcs.running).toBe(1);
    expect(jobHealth(null).level).toBe('unknown');
    expect(jobHealth('OTHER').arcs.unknown).toBe(1);
  });

  it('splits a dataset’s arc between freshness and quality, always summing to 1', () => {
    expect(datasetHealth('unknown', null)).toMatchObject({ level: 'unknown', arcs: { unknown: 1 } });
    expect(datasetHealth('unknown', { passed: 0, total: 0 }).level).toBe('unknown');
    expect(datasetHealth('stale', null)).toMatchObject({ level: 'failing', arcs: { failing: 1 } });
    expect(datasetHealth('warning', null)).toMatchObject({ level: 'warning', arcs: { warning: 1 } });
    expect(datasetHealth('unknown', { passed: 3, total: 4 })).toMatchObject({ level: 'failing', arcs: { healthy: 0.75, failing: 0.25 } });
    expect(datasetHealth('unknown', { passed: 3, total: 4 }, 0.7).level).toBe('warning');
    expect(datasetHealth('fresh', { passed: 2, total: 2 })).toMatchObject({ level: 'healthy', arcs: { healthy: 1 } });
    expect(datasetHealth('warning', { passed: 1, total: 3 })).toMatchObject({ level: 'failing', arcs: { warning: 0.5 } });
    for (const status of ['fresh', 'warning', 'stale', 'unknown'] as const) {
      for (const [passed, total] of [
        [1, 3],
        [2, 7],
        [0, 1],
        [5, 5],
      ]) {
        expect(sum(datasetHealth(status, { passed, total }).arcs)).toBeCloseTo(1, 12);
      }
    }
    expect(sum(normalizeArcs({ healthy: 1 / 3, warning: 1 / 3, failing: 1 / 3, running: 0, unknown: 0 }))).toBeCloseTo(1, 12);
  });

  it('formats ages for node stats', () => {
    expect(formatAge(null)).toBe('never');
    expect(formatAge(42)).toBe('42s');
    expect(formatAge(3_600 * 3 + 600)).toBe('3h 10m');
    expect(formatAge(3_600 * 72)).toBe('3d');
    expect(formatAge(3_600 * 50)).toBe('2d 2h');
  });
});

describe('lineage graph helpers', () => {
  it('knows which edge rows lead one hop on', () => {
    expect(hopFrom('dataset', 'downstream')).toMatchObject({ edgeDirection: 'input', toKind: 'job' });
    expect(hopFrom('dataset', 'upstream')).toMatchObject({ edgeDirection: 'output', toKind: 'job' });
    expect(hopFrom('job', 'downstream')).toMatchObject({ edgeDirection: 'output', toKind: 'dataset' });
    expect(hopFrom('job', 'upstream')).toMatchObject({ edgeDirection: 'input', toKind: 'dataset' });
  });

  it('keeps the centre and the nearest nodes when cutting a graph', () => {
    const graph = new LineageGraph('job:a:center');
    const far = graph.reach('dataset', 'a', 'far', 3, 'downstream');
    const near = graph.reach('dataset', 'a', 'near', 1, 'downstream');
    const center = graph.reach('job', 'a', 'center', 0, 'center');
    const mid = graph.reach('job', 'a', 'mid', 2, 'downstream');
    graph.link('output', center, near);
    graph.link('output', mid, far);
    graph.link('output', center, near);
    expect(graph.edges.size).toBe(2);
    expect(graph.reach('job', 'a', 'mid', 1, 'upstream')).toMatchObject({ depth: 1, side: 'both' });
    const cut = graph.limited(2);
    expect([...cut.nodes.keys()]).toEqual(['job:a:center', 'dataset:a:near']);
    expect([...cut.edges.values()].map((e) => e.id)).toEqual(['job:a:center->dataset:a:near']);
    expect(cut.truncated).toBe(true);
    expect(graph.limited(10)).toBe(graph);
  });
});

describe('qualityLevel', () => {
  it("judges the pass ratio against the SLA's minimum: failing below it, warning below all passing", () => {
    expect(qualityLevel({ passed: 97, total: 100 }, 0.95)).toBe('warning');
    expect(qualityLevel({ passed: 90, total: 100 }, 0.95)).toBe('failing');
    expect(qualityLevel({ passed: 100, total: 100 }, 0.95)).toBe('healthy');
    expect(qualityLevel({ passed: 99, total: 100 })).toBe('failing');
    expect(qualityLevel({ passed: 0, total: 0 })).toBeNull();
    expect(qualityLevel(null)).toBeNull();
  });
});
