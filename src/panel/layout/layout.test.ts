import { describe, expect, it } from 'vitest';

import { syntheticLineage } from '../testing/syntheticLineage';
import { dagreLayout } from './dagreLayout';
import { fastLayeredLayout } from './fastLayered';
import { chooseEngine, DAGRE_MAX_NODES, layoutGraph } from './layoutGraph';
import type { LayoutInput, LayoutResult } from './types';

function input(nodes: number, direction: 'LR' | 'TB' = 'LR'): LayoutInput {
  const graph = syntheticLineage({ nodes });
  const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
  return {
    direction,
    nodes: graph.nodes.map((node) => ({ width: 180, height: 44, group: node.namespace })),
    edges: graph.edges.map((edge) => ({ source: index.get(edge.source)!, target: index.get(edge.target)! })),
  };
}

/** No two nodes overlap (checked with a sweep over x). */
function overlaps(layout: LayoutResult, nodes: LayoutInput['nodes']): number {
  const order = nodes.map((_, i) => i).sort((a, b) => layout.x[a] - layout.x[b]);
  let count = 0;
  for (let a = 0; a < order.length; a++) {
    const i = order[a];
    for (let b = a + 1; b < order.length; b++) {
      const j = order[b];
      if (layout.x[j] - layout.x[i] >= (nodes[i].width + nodes[j].width) / 2) {
        break;
      }
      if (Math.abs(layout.y[i] - layout.y[j]) < (nodes[i].height + nodes[j].height) / 2 - 0.01) {
        count++;
      }
    }
  }
  return count;
}

const forward = (layout: LayoutResult, data: LayoutInput, axis: 'x' | 'y') =>
  data.edges.every((edge, e) => layout.reversedEdges.has(e) || layout[axis][edge.target] > layout[axis][edge.source]);

describe.each([
  ['fast layered', fastLayeredLayout],
  ['dagre', dagreLayout],
])('%s layout', (_, layout) => {
  it('lays a DAG out left to right in layers without overlaps, from (0, 0)', () => {
    const data = input(80);
    const result = layout(data);
    expect(forward(result, data, 'x')).toBe(true);
    expect(overlaps(result, data.nodes)).toBe(0);
    const minLeft = Math.min(...data.nodes.map((n, i) => result.x[i] - n.width / 2));
    const minTop = Math.min(...data.nodes.map((n, i) => result.y[i] - n.height / 2));
    expect(minLeft).toBeCloseTo(0);
    expect(minTop).toBeCloseTo(0);
    expect(result.layers).toBeGreaterThan(3);
  });

  it('lays it out top to bottom', () => {
    const data = input(60, 'TB');
    const result = layout(data);
    expect(forward(result, data, 'y')).toBe(true);
    expect(overlaps(result, data.nodes)).toBe(0);
  });

  it('survives cycles, self loops and duplicate edges, marking the edge it turned around', () => {
    const data: LayoutInput = {
      direction: 'LR',
      nodes: [0, 1, 2].map(() => ({ width: 100, height: 30 })),
      edges: [
        { source: 0, target: 1 },
        { source: 1, target: 2 },
        { source: 2, target: 0 },
        { source: 1, target: 1 },
        { source: 0, target: 1 },
      ],
    };
    const result = layout(data);
    expect(result.reversedEdges.size).toBe(1);
    expect(forward(result, data, 'x')).toBe(false);
    expect(overlaps(result, data.nodes)).toBe(0);
  });

  it('handles an empty graph and isolated nodes', () => {
    expect(layout({ direction: 'LR', nodes: [], edges: [] })).toMatchObject({ width: 0, height: 0 });
    const lone = layout({ direction: 'LR', nodes: [{ width: 10, height: 10 }, { width: 10, height: 10 }], edges: [] });
    expect(overlaps(lone, [{ width: 10, height: 10 }, { width: 10, height: 10 }])).toBe(0);
  });
});

describe('fast layered layout on big graphs', () => {
  it('lays out 2,000 nodes and 4,000 edges without overlaps, every edge forward', () => {
    const data = input(2000);
    expect(data.edges).toHaveLength(4000);
    const result = fastLayeredLayout(data);
    expect(forward(result, data, 'x')).toBe(true);
    expect(overlaps(result, data.nodes)).toBe(0);
  });

  it('places a source next to its reader rather than in the first layer', () => {
    // a -> b -> c -> d, and a late source s -> d: s belongs in d's previous layer.
    const data: LayoutInput = {
      direction: 'LR',
      nodes: [0, 1, 2, 3, 4].map(() => ({ width: 100, height: 30 })),
      edges: [
        { source: 0, target: 1 },
        { source: 1, target: 2 },
        { source: 2, target: 3 },
        { source: 4, target: 3 },
      ],
    };
    const result = fastLayeredLayout(data);
    expect(result.x[4]).toBeCloseTo(result.x[2]);
  });
});

describe('layoutGraph', () => {
  it('uses dagre on small graphs and the fast layout on big ones, never dagre on huge ones', () => {
    expect(chooseEngine(50, 100, 'auto')).toBe('dagre');
    expect(chooseEngine(DAGRE_MAX_NODES + 1, 100, 'auto')).toBe('fast');
    expect(chooseEngine(50, 1000, 'auto')).toBe('fast');
    expect(chooseEngine(500, 1000, 'dagre')).toBe('dagre');
    expect(chooseEngine(10_000, 20_000, 'dagre')).toBe('fast');
    expect(chooseEngine(10, 10, 'fast')).toBe('fast');
  });

  it('reuses the layout of an unchanged structure', () => {
    const data = input(30);
    const first = layoutGraph(data, { key: 'same-structure' });
    expect(layoutGraph(data, { key: 'same-structure' })).toBe(first);
    expect(layoutGraph({ ...data, direction: 'TB' }, { key: 'same-structure' })).not.toBe(first);
    expect(first.engine).toBe('dagre');
  });
});
