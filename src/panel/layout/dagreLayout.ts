import dagre from '@dagrejs/dagre';

import { normalise } from './fastLayered';
import type { LayoutInput, LayoutResult, Point } from './types';

/**
 * dagre's layered layout (network-simplex ranking, crossing minimisation, edges routed around
 * nodes through dummy points): the nicer drawing, affordable on small graphs only — see
 * README.md in this folder for the measurements that set its limit.
 */
export function dagreLayout(input: LayoutInput): LayoutResult {
  const started = performance.now();
  const graph = new dagre.graphlib.Graph({ multigraph: false, directed: true });
  graph.setGraph({
    rankdir: input.direction === 'TB' ? 'TB' : 'LR',
    ranksep: input.rankGap ?? 80,
    nodesep: input.nodeGap ?? 12,
    edgesep: 8,
    ranker: 'network-simplex',
    acyclicer: 'greedy',
  });
  graph.setDefaultEdgeLabel(() => ({}));
  input.nodes.forEach((node, index) => graph.setNode(String(index), { width: node.width, height: node.height }));
  input.edges.forEach((edge) => {
    if (edge.source !== edge.target) {
      graph.setEdge(String(edge.source), String(edge.target));
    }
  });
  dagre.layout(graph);
  const x = new Float64Array(input.nodes.length);
  const y = new Float64Array(input.nodes.length);
  let layers = 0;
  input.nodes.forEach((_, index) => {
    const label = graph.node(String(index));
    x[index] = label.x ?? 0;
    y[index] = label.y ?? 0;
    layers = Math.max(layers, (label.rank ?? 0) + 1);
  });
  const reversedEdges = new Set<number>();
  const routes: Array<Point[] | undefined> = input.edges.map((edge, index) => {
    if (edge.source === edge.target) {
      return undefined;
    }
    const label = graph.edge(String(edge.source), String(edge.target));
    const points = label?.points;
    if (!points || points.length < 2) {
      return undefined;
    }
    const [first, last] = [points[0], points[points.length - 1]];
    // dagre routes a cycle-breaking edge against the flow; note it as the fast layout does.
    if (input.direction === 'TB' ? first.y > last.y : first.x > last.x) {
      reversedEdges.add(index);
    }
    return points.map((p: Point) => ({ x: p.x, y: p.y }));
  });
  return normalise({ engine: 'dagre', x, y, input, reversedEdges, layers, started, routes });
}
