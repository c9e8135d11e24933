export type LayoutDirection = 'LR' | 'TB';

export interface LayoutNode {
  width: number;
  height: number;
  /** nodes of one group (namespace) start next to each other */
  group?: string;
}

export interface LayoutEdge {
  /** index into nodes */
  source: number;
  target: number;
}

export interface LayoutInput {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  direction: LayoutDirection;
  /** space between layers (default 80) */
  rankGap?: number;
  /** space between neighbours in a layer (default 12) */
  nodeGap?: number;
  /** barycenter sweeps of the fast layout */
  sweeps?: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface LayoutResult {
  engine: 'dagre' | 'fast';
  /** node centres, by node index, with the drawing's top-left corner at (0, 0) */
  x: Float64Array;
  y: Float64Array;
  width: number;
  height: number;
  layers: number;
  /** indices of input edges drawn against the flow to break a cycle */
  reversedEdges: Set<number>;
  /** edge polylines by edge index, when the engine routes edges (dagre); else drawn as curves */
  routes?: Array<Point[] | undefined>;
  ms: number;
}
