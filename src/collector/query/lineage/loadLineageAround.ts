import { type Kysely, sql } from 'kysely';
import type { LineageDirection } from '../../../contract/query';
import type { NodeRef } from '../../../contract/nodeIds';
import type { PaneSchema } from '../../store/schema';
import {
  type GraphNode,
  type Hop,
  type LineageEdgeRow,
  LineageGraph,
  type WalkDirection,
  addEdgeRow,
  defaultMaxNodes,
  hopFrom,
  nodeIdOf,
  otherKind,
} from './lineageGraph';
import { type LineageDb, forChunks, keyTable } from './sqlLists';
import { type NumberedEdges, currentEdgeIndex } from './edgeCache';

/**
 * How the walk reaches the database:
 * - `memory`: the same breadth-first search as `rounds`, over the process's copy of the whole
 *   edge table (edgeCache.ts) with its nodes and edges numbered, checked against the database
 *   with one aggregate per query.
 * - `rounds`: a breadth-first search with one query per depth level, the level's new nodes
 *   going in as one list parameter (sqlLists.ts); every node is expanded once.
 * - `recursive`: one `WITH RECURSIVE` query per direction (two hops, job and dataset, per
 *   step); a node reached by several paths of different lengths is expanded once per length.
 * All answer the same graph; `npm run bench:query` measures the three (rounds beat recursive
 * on both databases, see scripts/bench-query.ts). Memory is the default: a depth-20 walk then
 * costs one aggregate query instead of one query per level and direction.
 */
export type TraversalStrategy = 'memory' | 'rounds' | 'recursive';
export const defaultTraversalStrategy: TraversalStrategy = 'memory';

export interface AroundOptions {
  center: NodeRef;
  direction: LineageDirection;
  /** hops, at least 1 */
  depth: number;
  /** epoch ms: only edges first seen at or before it */
  asOf?: number;
  maxNodes?: number;
  strategy?: TraversalStrategy;
}

/** The edges within `depth` hops of the centre, upstream, downstream or both. */
export async function loadLineageAround(ldb: LineageDb, options: AroundOptions): Promise<LineageGraph> {
  const maxNodes = options.maxNodes ?? defaultMaxNodes;
  const { kind, namespace, name } = options.center;
  const graph = new LineageGraph(nodeIdOf(kind, namespace, name));
  graph.reach(kind, namespace, name, 0, 'center');
  const directions: WalkDirection[] = options.direction === 'both' ? ['upstream', 'downstream'] : [options.direction];
  const strategy = options.strategy ?? defaultTraversalStrategy;
  if (strategy === 'memory') {
    const index = await currentEdgeIndex(ldb.db, options.asOf !== undefined);
    const walk = new NumberedWalk(graph, index.numbered, options.center);
    for (const direction of directions) walk.walk(direction, options.depth, maxNodes, options.asOf);
    return graph.limited(maxNodes);
  }
  // Both ways at once: on PostgreSQL the two walks run on two pooled connections. The graph's
  // merge (smallest depth, `both` for a node met both ways) does not depend on their order.
  await Promise.all(
    directions.map((direction) =>
      strategy === 'recursive'
        ? walkRecursive(ldb.db, graph, options.center, direction, options.depth, options.asOf)
        : walkLevels(graph, options.center, direction, options.depth, maxNodes, databaseHops(ldb, options.asOf)),
    ),
  );
  return graph.limited(maxNodes);
}

interface HopRow {
  /** which frontier node the edge leaves from */
  i: number | string;
  namespace: string;
  name: string;
}

/**
 * One hop from the frontier: for each frontier node (all of the hop's `from` kind), the nodes
 * its edges lead to. Only the next node's key and the frontier node's number are read: the
 * index on the `from` side covers them, and reading fewer strings is what keeps a hop cheap.
 */
async function selectHop({ db, dialect }: LineageDb, hop: Hop, frontier: GraphNode[], offset: number, asOf: number | undefined): Promise<HopRow[]> {
  const keys = keyTable(
    dialect,
    frontier.map((n) => [n.namespace, n.name]),
    2,
  );
  const seen = asOf === undefined ? sql`` : sql` AND e.first_seen_at <= ${asOf}`;
  const result = await sql<HopRow>`
    SELECT ${keys.index} AS i, ${col('e', hop.toColumns[0])} AS namespace, ${col('e', hop.toColumns[1])} AS name
    FROM ${keys.from}
    JOIN lineage_edges e ON ${col('e', hop.fromColumns[0])} = ${keys.part(0)} AND ${col('e', hop.fromColumns[1])} = ${keys.part(1)}
      AND e.direction = ${hop.edgeDirection}${seen}
  `.execute(db);
  if (offset === 0) return result.rows;
  return result.rows.map((row) => ({ ...row, i: Number(row.i) + offset }));
}

/** Calls `visit` with each frontier node and the key of every node one hop from it. */
type HopEnds = (frontier: GraphNode[], hop: Hop, visit: (from: GraphNode, namespace: string, name: string) => void) => Promise<void> | void;

/**
 * Breadth-first, one level at a time, whatever answers the hops: each node is expanded once per
 * direction, every edge met is linked, and the walk stops a level after passing `maxNodes`.
 */
async function walkLevels(
  graph: LineageGraph,
  center: NodeRef,
  direction: WalkDirection,
  depth: number,
  maxNodes: number,
  hopEnds: HopEnds,
): Promise<void> {
  const start = graph.find(center.kind, center.namespace, center.name) as GraphNode;
  // Each direction keeps its own visited set: a node met upstream must still be expanded downstream.
  const visited = new Set<GraphNode>([start]);
  let frontier: GraphNode[] = [start];
  let kind = center.kind;
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    // Each walk stops on its own count, so where it stops does not depend on the other walk.
    if (visited.size > maxNodes) {
      graph.truncated = true;
      return;
    }
    const hop = hopFrom(kind, direction);
    const next: GraphNode[] = [];
    await hopEnds(frontier, hop, (from, namespace, name) => {
      const to = graph.reach(hop.toKind, namespace, name, level, direction);
      if (hop.toKind === 'job') graph.link(hop.edgeDirection, to, from);
      else graph.link(hop.edgeDirection, from, to);
      if (!visited.has(to)) {
        visited.add(to);
        next.push(to);
      }
    });
    frontier = next;
    kind = hop.toKind;
  }
}

/** Hops answered by the database: one query per level (in chunks), the frontier as a key list. */
const databaseHops =
  (ldb: LineageDb, asOf: number | undefined): HopEnds =>
  async (frontier, hop, visit) => {
    const rows = await forChunks(frontier, (chunk, offset) => selectHop(ldb, hop, chunk, offset, asOf));
    for (const row of rows) visit(frontier[Number(row.i)], row.namespace, row.name);
  };

/**
 * The breadth-first search of walkLevels over the index's numbered edges: the same levels,
 * order, depths, sides and node limit, with what has been seen kept in arrays by node and
 * edge number. Walks of both directions share the graph's nodes and the edges already linked.
 */
class NumberedWalk {
  private readonly graphNodes: Array<GraphNode | undefined>;
  private readonly linked: Uint8Array;
  private readonly start: number | undefined;

  constructor(
    private readonly graph: LineageGraph,
    private readonly edges: NumberedEdges,
    center: NodeRef,
  ) {
    this.graphNodes = new Array<GraphNode | undefined>(edges.nodes.length);
    this.linked = new Uint8Array(edges.isInput.length);
    this.start = edges.numberOf(center.kind, center.namespace, center.name);
    if (this.start !== undefined) this.graphNodes[this.start] = graph.find(center.kind, center.namespace, center.name);
  }

  walk(direction: WalkDirection, depth: number, maxNodes: number, asOf: number | undefined): void {
    if (this.start === undefined) return;
    const { graph, graphNodes, linked, edges } = this;
    const { start, to: ends, edge: edgeAt } = edges.walks[direction];
    // Each direction keeps its own visited set: a node met upstream must still be expanded downstream.
    const visited = new Uint8Array(edges.nodes.length);
    visited[this.start] = 1;
    let visitedCount = 1;
    let frontier = [this.start];
    for (let level = 1; level <= depth && frontier.length > 0; level++) {
      // Each walk stops on its own count, so where it stops does not depend on the other walk.
      if (visitedCount > maxNodes) {
        graph.truncated = true;
        return;
      }
      const next: number[] = [];
      for (const from of frontier) {
        const fromNode = graphNodes[from] as GraphNode;
        for (let k = start[from]; k < start[from + 1]; k++) {
          const e = edgeAt[k];
          if (asOf !== undefined && edges.firstSeenAt[e] > asOf) continue;
          const to = ends[k];
          let toNode = graphNodes[to];
          if (toNode === undefined) {
            const { kind, namespace, name } = edges.nodes[to];
            graphNodes[to] = toNode = graph.reach(kind, namespace, name, level, direction);
          } else {
            graph.reachAgain(toNode, level, direction);
          }
          if (linked[e] === 0) {
            linked[e] = 1;
            if (toNode.kind === 'job') graph.link(edges.isInput[e] === 1 ? 'input' : 'output', toNode, fromNode);
            else graph.link(edges.isInput[e] === 1 ? 'input' : 'output', fromNode, toNode);
          }
          if (visited[to] === 0) {
            visited[to] = 1;
            visitedCount++;
            next.push(to);
          }
        }
      }
      frontier = next;
    }
  }
}

const edgeColumns = ['job_namespace', 'job_name', 'direction', 'dataset_namespace', 'dataset_name'] as const;

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/**
 * One recursive query per direction. The walk steps two hops at a time (dataset → job →
 * dataset, or job → dataset → job) so that the recursive term refers to the walk only once,
 * as PostgreSQL requires; the edges of both hops are then read off the walked nodes.
 */
async function walkRecursive(
  db: Kysely<PaneSchema>,
  graph: LineageGraph,
  center: NodeRef,
  direction: WalkDirection,
  depth: number,
  asOf: number | undefined,
): Promise<void> {
  const first = hopFrom(center.kind, direction);
  const second = hopFrom(otherKind(center.kind), direction);
  const seen = (alias: string) => (asOf === undefined ? sql`` : sql` AND ${col(alias, 'first_seen_at')} <= ${asOf}`);
  const joinHop = (hop: Hop, alias: string, fromNs: unknown, fromName: unknown) =>
    sql`${col(alias, 'direction')} = ${hop.edgeDirection} AND ${col(alias, hop.fromColumns[0])} = ${fromNs} AND ${col(alias, hop.fromColumns[1])} = ${fromName}${seen(alias)}`;
  const selectEdge = (alias: string) => sql.join(edgeColumns.map((c) => col(alias, c)));

  const result = await sql<LineageEdgeRow & { part: number; from_depth: number }>`
    WITH RECURSIVE walk(ns, name, depth) AS (
      SELECT CAST(${center.namespace} AS TEXT), CAST(${center.name} AS TEXT), 0
      UNION
      SELECT ${col('e2', second.toColumns[0])}, ${col('e2', second.toColumns[1])}, w.depth + 2
      FROM walk w
      JOIN lineage_edges e1 ON ${joinHop(first, 'e1', sql.ref('w.ns'), sql.ref('w.name'))}
      JOIN lineage_edges e2 ON ${joinHop(second, 'e2', col('e1', first.toColumns[0]), col('e1', first.toColumns[1]))}
      WHERE w.depth + 2 <= ${depth}
    ),
    walked AS (SELECT ns, name, MIN(depth) AS depth FROM walk GROUP BY ns, name),
    middle AS (
      SELECT ${col('e', first.toColumns[0])} AS ns, ${col('e', first.toColumns[1])} AS name, MIN(w.depth) + 1 AS depth
      FROM walked w JOIN lineage_edges e ON ${joinHop(first, 'e', sql.ref('w.ns'), sql.ref('w.name'))}
      WHERE w.depth < ${depth}
      GROUP BY ${col('e', first.toColumns[0])}, ${col('e', first.toColumns[1])}
    )
    SELECT 1 AS part, w.depth AS from_depth, ${selectEdge('e')}
    FROM walked w JOIN lineage_edges e ON ${joinHop(first, 'e', sql.ref('w.ns'), sql.ref('w.name'))}
    WHERE w.depth < ${depth}
    UNION ALL
    SELECT 2 AS part, m.depth AS from_depth, ${selectEdge('e')}
    FROM middle m JOIN lineage_edges e ON ${joinHop(second, 'e', sql.ref('m.ns'), sql.ref('m.name'))}
    WHERE m.depth < ${depth}
  `.execute(db);

  for (const row of result.rows) {
    const hop = Number(row.part) === 1 ? first : second;
    const depthFrom = Number(row.from_depth);
    // the hop's `from` end is already in the graph (the centre, or reached by an earlier row)
    if (hop.toKind === 'job') addEdgeRow(graph, row, depthFrom + 1, depthFrom, direction);
    else addEdgeRow(graph, row, depthFrom, depthFrom + 1, direction);
  }
}
