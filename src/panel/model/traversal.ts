import type { LineageGraph } from './graphModel';
import { freshnessStatus, runStateStatus } from './health';

/**
 * Upstream, downstream and impact over the full graph (never the collapsed view, so counts
 * stay exact when namespaces are folded). Breadth-first, cycle-safe, linear in the graph.
 */
export function reachable(graph: LineageGraph, start: number | readonly number[], direction: 'upstream' | 'downstream'): Uint8Array {
  const starts = typeof start === 'number' ? [start] : start;
  const seen = new Uint8Array(graph.nodes.length);
  const next = direction === 'downstream' ? graph.out : graph.in;
  const queue = [...starts];
  starts.forEach((s) => (seen[s] = 1));
  for (let head = 0; head < queue.length; head++) {
    for (const other of next[queue[head]]) {
      if (!seen[other]) {
        seen[other] = 1;
        queue.push(other);
      }
    }
  }
  // The starts are the focus itself, never their own upstream or downstream (even in a cycle).
  starts.forEach((s) => (seen[s] = 0));
  return seen;
}

/** How a node or edge relates to the focused node. */
export const Relation = { None: 0, Focus: 1, Upstream: 2, Downstream: 3 } as const;

export interface Highlight {
  /** the focused node (the first one when a group is focused) */
  focus: number;
  /** by node index */
  nodes: Uint8Array;
  /** by edge index: Upstream or Downstream when the edge lies on a path through the focus */
  edges: Uint8Array;
  upstreamCount: number;
  downstreamCount: number;
}

/**
 * The focused node's upstream and downstream (only downstream in impact mode). An edge is lit
 * when it lies on a path into or out of the focus: both its ends are on the same side.
 */
export function highlight(graph: LineageGraph, focused: number | readonly number[], impact = false): Highlight {
  const starts = typeof focused === 'number' ? [focused] : focused;
  const focus = starts[0];
  const nodes = new Uint8Array(graph.nodes.length);
  const up = impact ? new Uint8Array(graph.nodes.length) : reachable(graph, starts, 'upstream');
  const down = reachable(graph, starts, 'downstream');
  let upstreamCount = 0;
  let downstreamCount = 0;
  for (let v = 0; v < nodes.length; v++) {
    if (down[v]) {
      nodes[v] = Relation.Downstream;
      downstreamCount++;
    } else if (up[v]) {
      nodes[v] = Relation.Upstream;
      upstreamCount++;
    }
  }
  for (const s of starts) {
    nodes[s] = Relation.Focus;
  }
  const edges = new Uint8Array(graph.edges.length);
  for (const edge of graph.edges) {
    const s = nodes[edge.source];
    const t = nodes[edge.target];
    if ((s === Relation.Focus || s === Relation.Downstream) && (t === Relation.Downstream || (t === Relation.Focus && s === Relation.Focus))) {
      edges[edge.index] = Relation.Downstream;
    } else if ((t === Relation.Focus || t === Relation.Upstream) && s === Relation.Upstream) {
      edges[edge.index] = Relation.Upstream;
    }
  }
  return { focus, nodes, edges, upstreamCount, downstreamCount };
}

export interface Impact {
  node: string;
  affectedDatasets: number;
  affectedJobs: number;
  /** distinct owners of everything downstream, sorted */
  owners: string[];
  /** downstream datasets already stale */
  staleDatasets: number;
  /** downstream jobs whose latest run failed */
  failingJobs: number;
  /** downstream node indices, nearest first */
  nodes: number[];
}

/** Everything downstream of a node: what breaks if it breaks, and whom to tell. */
export function impactOf(graph: LineageGraph, start: number | readonly number[]): Impact {
  const starts = typeof start === 'number' ? [start] : start;
  const seen = new Uint8Array(graph.nodes.length);
  starts.forEach((s) => (seen[s] = 1));
  const order: number[] = [];
  const queue = [...starts];
  for (let head = 0; head < queue.length; head++) {
    for (const other of graph.out[queue[head]]) {
      if (!seen[other]) {
        seen[other] = 1;
        queue.push(other);
        order.push(other);
      }
    }
  }
  const owners = new Set<string>();
  let affectedDatasets = 0;
  let affectedJobs = 0;
  let staleDatasets = 0;
  let failingJobs = 0;
  for (const index of order) {
    const node = graph.nodes[index];
    node.owners.forEach((owner) => owners.add(owner));
    if (node.kind === 'dataset') {
      affectedDatasets++;
      if (freshnessStatus(node.freshnessStatus) === 'failing') {
        staleDatasets++;
      }
    } else if (node.kind === 'job') {
      affectedJobs++;
      if (runStateStatus(node.lastRunState) === 'failing') {
        failingJobs++;
      }
    }
  }
  return {
    node: graph.nodes[starts[0]].id,
    affectedDatasets,
    affectedJobs,
    owners: [...owners].sort((a, b) => a.localeCompare(b)),
    staleDatasets,
    failingJobs,
    nodes: order,
  };
}
