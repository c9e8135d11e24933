import type { LineageGraph, LineageNode } from '../model/graphModel';
import { namespaceLabel, type ViewGraph } from '../model/grouping';
import { type HealthStatus, worse } from '../model/health';
import { Relation, type Highlight } from '../model/traversal';
import { layoutGraph, type LayoutEngineChoice } from '../layout/layoutGraph';
import type { LayoutDirection, Point } from '../layout/types';
import { buildSpatialIndex, type SpatialIndex } from './spatialIndex';

/**
 * What the canvas draws, as flat arrays: geometry (positions from the layout, sizes, shapes,
 * edges) is rebuilt only when the structure changes; appearance (health colours, labels) and
 * relations (focus, impact, search) are cheap and rebuilt on every change.
 */
export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 44;
export const GROUP_WIDTH = 210;
export const GROUP_HEIGHT = 56;

export const Shape = { Job: 0, Dataset: 1, Other: 2, Group: 3 } as const;
export type ShapeValue = (typeof Shape)[keyof typeof Shape];

export interface Geometry {
  key: string;
  count: number;
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  h: Float64Array;
  shape: Uint8Array;
  edgeSource: Int32Array;
  edgeTarget: Int32Array;
  routes?: Array<Point[] | undefined>;
  direction: LayoutDirection;
  width: number;
  height: number;
  engine: 'dagre' | 'fast';
  layoutMs: number;
  index: SpatialIndex;
}

const shapeOf = (node: LineageNode): ShapeValue => (node.kind === 'job' ? Shape.Job : node.kind === 'dataset' ? Shape.Dataset : Shape.Other);

export function buildGeometry(graph: LineageGraph, view: ViewGraph, direction: LayoutDirection, engine: LayoutEngineChoice): Geometry {
  const count = view.nodes.length;
  const w = new Float64Array(count);
  const h = new Float64Array(count);
  const shape = new Uint8Array(count);
  view.nodes.forEach((node, i) => {
    w[i] = node.group ? GROUP_WIDTH : NODE_WIDTH;
    h[i] = node.group ? GROUP_HEIGHT : NODE_HEIGHT;
    shape[i] = node.group ? Shape.Group : shapeOf(graph.nodes[node.members[0]]);
  });
  const layout = layoutGraph(
    {
      direction,
      nodes: view.nodes.map((node, i) => ({ width: w[i], height: h[i], group: node.namespace })),
      edges: view.edges.map((edge) => ({ source: edge.source, target: edge.target })),
    },
    { key: view.structureKey, engine },
  );
  const edgeSource = new Int32Array(view.edges.length);
  const edgeTarget = new Int32Array(view.edges.length);
  view.edges.forEach((edge, i) => {
    edgeSource[i] = edge.source;
    edgeTarget[i] = edge.target;
  });
  return {
    key: `${view.structureKey}|${direction}|${layout.engine}`,
    count,
    x: layout.x,
    y: layout.y,
    w,
    h,
    shape,
    edgeSource,
    edgeTarget,
    routes: layout.routes,
    direction,
    width: layout.width,
    height: layout.height,
    engine: layout.engine,
    layoutMs: layout.ms,
    index: buildSpatialIndex(layout.x, layout.y, w, h),
  };
}

export interface Appearance {
  /** health colour per view node */
  colors: string[];
  status: HealthStatus[];
  titles: string[];
  subtitles: Array<string | undefined>;
  placeholder: Uint8Array;
}

export function buildAppearance(
  graph: LineageGraph,
  view: ViewGraph,
  statuses: HealthStatus[],
  colorOf: (status: HealthStatus, node: LineageNode) => string,
  title: (node: LineageNode) => string | undefined,
  subtitle: (node: LineageNode) => string | undefined,
): Appearance {
  const count = view.nodes.length;
  const colors: string[] = new Array(count);
  const status: HealthStatus[] = new Array(count);
  const titles: string[] = new Array(count);
  const subtitles: Array<string | undefined> = new Array(count);
  const placeholder = new Uint8Array(count);
  view.nodes.forEach((viewNode, i) => {
    if (viewNode.group) {
      let worst: HealthStatus = 'unknown';
      for (const member of viewNode.members) {
        worst = worse(worst, statuses[member]);
      }
      status[i] = worst;
      colors[i] = colorOf(worst, graph.nodes[viewNode.members[0]]);
      titles[i] = namespaceLabel(viewNode.namespace);
      const parts = [viewNode.jobs > 0 && `${viewNode.jobs} job${viewNode.jobs === 1 ? '' : 's'}`, viewNode.datasets > 0 && `${viewNode.datasets} dataset${viewNode.datasets === 1 ? '' : 's'}`];
      const others = viewNode.members.length - viewNode.jobs - viewNode.datasets;
      subtitles[i] = [...parts, others > 0 && `${others} other`].filter(Boolean).join(' \u00b7 ') || `${viewNode.members.length} nodes`;
      return;
    }
    const node = graph.nodes[viewNode.members[0]];
    status[i] = statuses[node.index];
    colors[i] = colorOf(statuses[node.index], node);
    titles[i] = title(node) ?? node.title;
    subtitles[i] = subtitle(node);
    placeholder[i] = node.placeholder ? 1 : 0;
  });
  return { colors, status, titles, subtitles, placeholder };
}

export interface Relations {
  /** focus view node, or -1 */
  focus: number;
  /** Relation per view node / view edge */
  nodes: Uint8Array;
  edges: Uint8Array;
  impact: boolean;
}

/** The full graph's highlight folded onto the view: a group takes its strongest member relation. */
export function viewRelations(view: ViewGraph, lit: Highlight | undefined, impact: boolean): Relations | undefined {
  if (!lit) {
    return undefined;
  }
  const nodes = new Uint8Array(view.nodes.length);
  const rank = [0, 3, 1, 2]; // None < Upstream < Downstream < Focus
  for (let full = 0; full < lit.nodes.length; full++) {
    const relation = lit.nodes[full];
    if (relation === Relation.None) {
      continue;
    }
    const v = view.viewOfNode[full];
    if (rank[relation] > rank[nodes[v]]) {
      nodes[v] = relation;
    }
  }
  const edges = new Uint8Array(view.edges.length);
  for (let full = 0; full < lit.edges.length; full++) {
    const relation = lit.edges[full];
    const v = view.viewOfEdge[full];
    if (relation !== Relation.None && v >= 0) {
      edges[v] = relation;
    }
  }
  return { focus: view.viewOfNode[lit.focus], nodes, edges, impact };
}
