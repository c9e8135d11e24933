import { describe, expect, it } from 'vitest';

import { syntheticLineage, syntheticLineageFrames } from './syntheticLineage';

describe('syntheticLineage', () => {
  it('makes the asked number of nodes and twice as many edges, deterministically', () => {
    for (const nodes of [50, 100, 2000, 10_000]) {
      const graph = syntheticLineage({ nodes });
      expect(graph.nodes).toHaveLength(nodes);
      expect(graph.edges).toHaveLength(nodes * 2);
    }
    expect(syntheticLineage({ nodes: 100 })).toEqual(syntheticLineage({ nodes: 100 }));
    expect(syntheticLineage({ nodes: 100, seed: 1 })).not.toEqual(syntheticLineage({ nodes: 100 }));
  });

  it('links jobs and datasets only, with unique edges between known nodes', () => {
    const graph = syntheticLineage({ nodes: 500 });
    const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
    expect(new Set(graph.nodes.map((n) => n.id)).size).toBe(500);
    expect(new Set(graph.edges.map((e) => `${e.source}>${e.target}`)).size).toBe(graph.edges.length);
    for (const edge of graph.edges) {
      expect([kinds.get(edge.source), kinds.get(edge.target)].sort()).toEqual(['dataset', 'job']);
    }
  });

  it('answers the collector\u2019s frame shape', () => {
    const [nodes, edges] = syntheticLineageFrames(syntheticLineage({ nodes: 20 }));
    expect(nodes.name).toBe('nodes');
    expect(nodes.fields.map((f) => f.name)).toContain('detail__freshness_status');
    expect(edges.fields.map((f) => f.name)).toEqual(['id', 'source', 'target']);
    expect(nodes.fields.every((f) => f.values.length === 20)).toBe(true);
  });
});
