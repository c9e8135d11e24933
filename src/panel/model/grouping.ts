import type { LineageGraph } from './graphModel';

/**
 * Namespace grouping for big graphs: a collapsed namespace is drawn as one group node standing
 * for all its jobs and datasets, with the edges in and out of it folded together. Traversals
 * (focus, impact) always run on the full graph; the view only decides what is drawn.
 */
export interface NamespaceInfo {
  namespace: string;
  size: number;
  jobs: number;
  datasets: number;
}

export interface ViewNode {
  /** the node id, or `namespace:<ns>` for a group */
  key: string;
  group: boolean;
  namespace: string;
  /** full-graph node indices drawn by this view node (one for a plain node) */
  members: number[];
  jobs: number;
  datasets: number;
}

export interface ViewEdge {
  source: number;
  target: number;
  /** full-graph edge indices folded into this one */
  edges: number[];
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** full node index -> view node index */
  viewOfNode: Int32Array;
  /** full edge index -> view edge index (-1 inside a collapsed namespace) */
  viewOfEdge: Int32Array;
  collapsed: ReadonlySet<string>;
  structureKey: string;
}

export const groupKey = (namespace: string) => `namespace:${namespace}`;
export const namespaceLabel = (namespace: string) => (namespace === '' ? '(no namespace)' : namespace);

export function namespacesOf(graph: LineageGraph): NamespaceInfo[] {
  const byName = new Map<string, NamespaceInfo>();
  for (const node of graph.nodes) {
    const info = byName.get(node.namespace) ?? { namespace: node.namespace, size: 0, jobs: 0, datasets: 0 };
    info.size++;
    if (node.kind === 'job') {
      info.jobs++;
    } else if (node.kind === 'dataset') {
      info.datasets++;
    }
    byName.set(node.namespace, info);
  }
  return [...byName.values()].sort((a, b) => a.namespace.localeCompare(b.namespace));
}

export interface CollapseChoice {
  collapsed: Set<string>;
  /** namespaces folded to stay under maxNodes (not asked for by the user) */
  auto: string[];
}

/**
 * Which namespaces to collapse: all of them when grouping by namespace, else the biggest ones
 * until the drawing has at most `maxNodes` nodes. The user's own choices (`overrides`:
 * namespace -> collapsed) always win, and `keepOpen` (the focused node's namespace) stays open.
 */
export function chooseCollapsed(
  namespaces: NamespaceInfo[],
  options: { maxNodes: number; groupByNamespace: boolean; overrides?: ReadonlyMap<string, boolean>; keepOpen?: string },
): CollapseChoice {
  const overrides = options.overrides ?? new Map<string, boolean>();
  const collapsed = new Set<string>();
  const auto: string[] = [];
  // Grouping only means something with more than one namespace.
  const grouping = options.groupByNamespace && namespaces.length > 1;
  let drawn = 0;
  for (const info of namespaces) {
    const wanted = overrides.get(info.namespace) ?? (grouping && info.namespace !== options.keepOpen);
    if (wanted) {
      collapsed.add(info.namespace);
      drawn += 1;
    } else {
      drawn += info.size;
    }
  }
  if (drawn > options.maxNodes) {
    const candidates = namespaces
      .filter((info) => !collapsed.has(info.namespace) && !overrides.has(info.namespace) && info.namespace !== options.keepOpen && info.size > 1)
      .sort((a, b) => b.size - a.size || a.namespace.localeCompare(b.namespace));
    for (const info of candidates) {
      if (drawn <= options.maxNodes) {
        break;
      }
      collapsed.add(info.namespace);
      auto.push(info.namespace);
      drawn -= info.size - 1;
    }
  }
  return { collapsed, auto };
}

/** The graph as drawn: collapsed namespaces folded into group nodes. */
export function buildView(graph: LineageGraph, collapsed: ReadonlySet<string>): ViewGraph {
  const nodes: ViewNode[] = [];
  const viewOfNode = new Int32Array(graph.nodes.length);
  const groups = new Map<string, number>();
  for (const node of graph.nodes) {
    if (collapsed.has(node.namespace)) {
      let index = groups.get(node.namespace);
      if (index === undefined) {
        index = nodes.length;
        groups.set(node.namespace, index);
        nodes.push({ key: groupKey(node.namespace), group: true, namespace: node.namespace, members: [], jobs: 0, datasets: 0 });
      }
      const group = nodes[index];
      group.members.push(node.index);
      if (node.kind === 'job') {
        group.jobs++;
      } else if (node.kind === 'dataset') {
        group.datasets++;
      }
      viewOfNode[node.index] = index;
    } else {
      viewOfNode[node.index] = nodes.length;
      nodes.push({
        key: node.id,
        group: false,
        namespace: node.namespace,
        members: [node.index],
        jobs: node.kind === 'job' ? 1 : 0,
        datasets: node.kind === 'dataset' ? 1 : 0,
      });
    }
  }
  const edges: ViewEdge[] = [];
  const viewOfEdge = new Int32Array(graph.edges.length).fill(-1);
  const byPair = new Map<number, number>();
  for (const edge of graph.edges) {
    const source = viewOfNode[edge.source];
    const target = viewOfNode[edge.target];
    if (source === target && nodes[source].group) {
      continue;
    }
    const pair = source * nodes.length + target;
    let index = byPair.get(pair);
    if (index === undefined) {
      index = edges.length;
      byPair.set(pair, index);
      edges.push({ source, target, edges: [] });
    }
    edges[index].edges.push(edge.index);
    viewOfEdge[edge.index] = index;
  }
  const collapsedKey = [...collapsed].sort().join('\u0000');
  return { nodes, edges, viewOfNode, viewOfEdge, collapsed, structureKey: `${graph.structureKey}|${collapsedKey}` };
}
