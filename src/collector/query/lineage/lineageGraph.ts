import type { LineageDirection } from '../../../contract/query';
import { type NodeKind, type NodeRef, formatNodeId } from '../../../contract/nodeIds';

/**
 * The lineage graph as the collector stores it: jobs and datasets joined by `lineage_edges`
 * rows. An `input` row means the dataset flows into the job (dataset → job); an `output` row
 * means the job writes the dataset (job → dataset). Edges point the way data flows, so
 * "downstream" follows them and "upstream" walks them backwards. Depth counts edges (hops):
 * a dataset's readers are at depth 1, what those readers write at depth 2.
 */
export interface LineageEdgeRow {
  job_namespace: string;
  job_name: string;
  direction: 'input' | 'output';
  dataset_namespace: string;
  dataset_name: string;
}

export interface GraphNode extends NodeRef {
  id: string;
  /** fewest hops from the centre (0 for the centre, and for a namespace graph's own nodes) */
  depth: number;
  /** how the node was reached: the centre, upstream, downstream, or both ways (a cycle) */
  side: 'center' | 'upstream' | 'downstream' | 'both' | 'namespace';
  /** the order it was found in, for cheap numeric edge keys */
  seq: number;
}

export interface LineageEdge {
  /** `<source>-><target>` */
  id: string;
  source: string;
  target: string;
  direction: 'input' | 'output';
  /** the ends' GraphNode.seq, for ordering edges without looking their ids up */
  sourceSeq: number;
  targetSeq: number;
}

export type WalkDirection = Exclude<LineageDirection, 'both'>;

export const defaultLineageDepth = 5;
export const maxLineageDepth = 50;
export const defaultMaxNodes = 10_000;
export const maxMaxNodes = 50_000;

/**
 * Node ids are needed for every node a walk finds, so the namespace's encoding (see nodeIds.ts)
 * is remembered rather than redone: an id is then one string concatenation.
 */
const encodedNamespaces = new Map<string, string>();
export function nodeIdOf(kind: NodeKind, namespace: string, name: string): string {
  let encoded = encodedNamespaces.get(namespace);
  if (encoded === undefined) {
    encoded = formatNodeId({ kind: 'job', namespace, name: 'x' }).slice(4, -2);
    if (encodedNamespaces.size >= 10_000) encodedNamespaces.clear();
    encodedNamespaces.set(namespace, encoded);
  }
  return `${kind}:${encoded}:${name}`;
}

/** 2^22: node numbers stay below it (graphs hold at most 50,000 nodes), so edge keys are exact. */
const seqSpan = 4_194_304;

/**
 * A graph being built: nodes found by (kind, namespace, name) through nested maps keyed by the
 * strings the database answered (no id string is built for a node already known), edges kept
 * once each under a numeric key.
 */
export class LineageGraph {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<number, LineageEdge>();
  /** the node limit cut the graph short: the farthest nodes were left out */
  truncated = false;
  private readonly byKey: Record<NodeKind, Map<string, Map<string, GraphNode>>> = { job: new Map(), dataset: new Map() };

  /** the node the graph is drawn around; absent for a namespace graph */
  constructor(readonly center?: string) {}

  find(kind: NodeKind, namespace: string, name: string): GraphNode | undefined {
    return this.byKey[kind].get(namespace)?.get(name);
  }

  /** The node, added if new; a smaller depth wins, and a node reached both ways is `both`. */
  reach(kind: NodeKind, namespace: string, name: string, depth: number, side: GraphNode['side']): GraphNode {
    let names = this.byKey[kind].get(namespace);
    if (!names) this.byKey[kind].set(namespace, (names = new Map()));
    let node = names.get(name);
    if (!node) {
      const id = nodeIdOf(kind, namespace, name);
      node = { kind, namespace, name, id, depth, side, seq: this.nodes.size };
      names.set(name, node);
      this.nodes.set(id, node);
      return node;
    }
    this.reachAgain(node, depth, side);
    return node;
  }

  /** A node already in the graph, reached again: a smaller depth wins, and reached both ways it is `both`. */
  reachAgain(node: GraphNode, depth: number, side: GraphNode['side']): void {
    if (node.side !== side && node.side !== 'center') node.side = 'both';
    if (depth < node.depth) node.depth = depth;
  }

  /** The edge between a job and a dataset: `input` points dataset → job, `output` job → dataset. */
  link(direction: 'input' | 'output', job: GraphNode, dataset: GraphNode): void {
    const [source, target] = direction === 'input' ? [dataset, job] : [job, dataset];
    const key = source.seq * seqSpan + target.seq;
    if (!this.edges.has(key)) {
      this.edges.set(key, { id: `${source.id}->${target.id}`, source: source.id, target: target.id, direction, sourceSeq: source.seq, targetSeq: target.seq });
    }
  }

  /**
   * At most `maxNodes` nodes, nearest first (ties by id, so the cut is deterministic), and only
   * the edges between kept nodes. The centre always stays.
   */
  limited(maxNodes: number): LineageGraph {
    if (this.nodes.size <= maxNodes) return this;
    const kept = [...this.nodes.values()]
      .sort((a, b) => (a.id === this.center ? -1 : b.id === this.center ? 1 : a.depth - b.depth || (a.id < b.id ? -1 : 1)))
      .slice(0, maxNodes);
    const out = new LineageGraph(this.center);
    const renumbered = new Map<string, GraphNode>();
    for (const node of kept) renumbered.set(node.id, out.reach(node.kind, node.namespace, node.name, node.depth, node.side));
    for (const edge of this.edges.values()) {
      const source = renumbered.get(edge.source);
      const target = renumbered.get(edge.target);
      if (!source || !target) continue;
      if (edge.direction === 'input') out.link('input', target, source);
      else out.link('output', source, target);
    }
    out.truncated = true;
    return out;
  }
}

/**
 * One hop of a walk, from a node of `from` kind: which edge rows leave it and which end of
 * them is the next node. Downstream from a dataset: its `input` rows lead to the jobs reading
 * it; downstream from a job: its `output` rows lead to what it writes. Upstream mirrors that.
 */
export interface Hop {
  edgeDirection: 'input' | 'output';
  /** the columns matched against the current node */
  fromColumns: readonly ['job_namespace', 'job_name'] | readonly ['dataset_namespace', 'dataset_name'];
  /** the columns naming the next node */
  toColumns: readonly ['job_namespace', 'job_name'] | readonly ['dataset_namespace', 'dataset_name'];
  toKind: NodeKind;
}

const jobColumns = ['job_namespace', 'job_name'] as const;
const datasetColumns = ['dataset_namespace', 'dataset_name'] as const;

export function hopFrom(kind: NodeKind, direction: WalkDirection): Hop {
  if (kind === 'dataset') {
    return {
      edgeDirection: direction === 'downstream' ? 'input' : 'output',
      fromColumns: datasetColumns,
      toColumns: jobColumns,
      toKind: 'job',
    };
  }
  return {
    edgeDirection: direction === 'downstream' ? 'output' : 'input',
    fromColumns: jobColumns,
    toColumns: datasetColumns,
    toKind: 'dataset',
  };
}

export const otherKind = (kind: NodeKind): NodeKind => (kind === 'job' ? 'dataset' : 'job');

/** Adds one stored edge row, and both its ends, to the graph. */
export function addEdgeRow(graph: LineageGraph, row: LineageEdgeRow, jobDepth: number, datasetDepth: number, side: GraphNode['side']): void {
  const job = graph.reach('job', row.job_namespace, row.job_name, jobDepth, side);
  const dataset = graph.reach('dataset', row.dataset_namespace, row.dataset_name, datasetDepth, side);
  graph.link(row.direction, job, dataset);
}
