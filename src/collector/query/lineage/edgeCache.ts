import { type Kysely, sql } from 'kysely';
import type { NodeKind } from '../../../contract/nodeIds';
import type { PaneSchema } from '../../store/schema';
import { readWritesCounter, writesCounterOf, writesCounterValue } from '../../store/writesCounter';
import type { LineageEdgeRow, WalkDirection } from './lineageGraph';

/**
 * The whole `lineage_edges` table in memory, for the lineage walk: a walk to depth 20 reaches
 * thousands of nodes, and asking the database one level at a time costs a round trip and a key
 * list per level and direction, most of a lineage query's time. The table is small (50k edges
 * is 5 MiB or so) and changes rarely, so each process keeps a copy per database and checks it
 * against the database before every use, which keeps it right with several collector replicas
 * writing to one PostgreSQL database.
 *
 * The check is one aggregate. Edges are never deleted and the writer (store/writeEnvelope.ts)
 * only ever inserts an edge or moves its `first_seen_at` earlier, so:
 * - a new edge always raises `count(*)`, which both databases answer from an index; a walk
 *   of the current graph reads only the edges' keys, and checks only the count;
 * - an as-of walk also reads `first_seen_at`, and checks `sum(first_seen_at)` as well (a
 *   table scan, about 10 ms for 50k edges): at the same count, an earlier first sighting lowers it.
 * `last_seen_at`, which no walk reads, is not part of it (its updates are throttled anyway).
 * Before the aggregate comes one primary-key read of the `writes` counter (store/writesCounter.ts):
 * when no write transaction has committed since the copy was last found exact, that suffices.
 */

/** One stored edge seen from one end: the node at the other end and when the edge was first seen. */
export interface EdgeEnd {
  namespace: string;
  name: string;
  firstSeenAt: number;
}

export interface EdgeIndex {
  /** how many rows it was built from */
  readonly count: number;
  /** the exact sum of their `first_seen_at`, as decimal text */
  readonly firstSeenSum: string;
  /** the edges, numbered, with each walk direction's adjacency (see NumberedEdges) */
  readonly numbered: NumberedEdges;
  /** the writes counter in the snapshot the edges were read from (undefined when there were none) */
  readonly writes?: number;
}

/** A node of the index, by number. */
export interface NumberedNode {
  kind: NodeKind;
  namespace: string;
  name: string;
}

/**
 * The edges with their nodes and themselves numbered, and each walk direction's adjacency as
 * flat arrays: the edges leaving node v are positions start[v] to start[v + 1] - 1 of `to`
 * (the node at the other end) and `edge` (the edge's number). A walk then tracks what it has
 * seen in typed arrays instead of maps keyed by strings. Edges keep their row order within a
 * node, so a walk meets them in the order the rounds strategy's queries answer them.
 */
export interface NumberedEdges {
  readonly nodes: NumberedNode[];
  numberOf(kind: NodeKind, namespace: string, name: string): number | undefined;
  /** by edge number: the node data flows from, and the one it flows to */
  readonly source: Int32Array;
  readonly target: Int32Array;
  readonly walks: Record<WalkDirection, { start: Int32Array; to: Int32Array; edge: Int32Array }>;
  readonly firstSeenAt: Float64Array;
  /** 1 for `input` (dataset → job), 0 for `output` (job → dataset) */
  readonly isInput: Uint8Array;
}

interface Slot {
  index?: EdgeIndex;
  loading?: Promise<EdgeIndex>;
  /** the writes counter (store/writesCounter.ts) when the index was last found exact by its count alone */
  countExactAt?: number;
  /** and when it was last found exact by count and first sightings (or loaded) */
  fullyExactAt?: number;
}

const slots = new WeakMap<Kysely<PaneSchema>, Slot>();

/** The edges leaving (kind, namespace, name) on a walk `direction`, seen from their other end. */
export function edgesFrom(index: EdgeIndex, kind: NodeKind, direction: WalkDirection, namespace: string, name: string): EdgeEnd[] {
  const { numbered } = index;
  const from = numbered.numberOf(kind, namespace, name);
  if (from === undefined) return [];
  const { start, to, edge } = numbered.walks[direction];
  const ends: EdgeEnd[] = [];
  for (let k = start[from]; k < start[from + 1]; k++) {
    const node = numbered.nodes[to[k]];
    ends.push({ namespace: node.namespace, name: node.name, firstSeenAt: numbered.firstSeenAt[edge[k]] });
  }
  return ends;
}

/**
 * The edge index, validated against the database (one aggregate) and reloaded when stale.
 * `withFirstSeen`: the caller reads `firstSeenAt` (as-of walks), so that is validated too.
 */
export async function currentEdgeIndex(db: Kysely<PaneSchema>, withFirstSeen = true): Promise<EdgeIndex> {
  let slot = slots.get(db);
  if (!slot) slots.set(db, (slot = {}));
  const cached = slot.index;
  if (cached) {
    // Nothing committed since the index was last found exact: no aggregate needed.
    const writes = await readWritesCounter(db);
    if (writes !== undefined && (writes === slot.fullyExactAt || (!withFirstSeen && writes === slot.countExactAt))) return cached;
    const marker = await readMarker(db, withFirstSeen);
    if (marker.count === cached.count && (marker.firstSeenSum === undefined || marker.firstSeenSum === cached.firstSeenSum)) {
      if (withFirstSeen) slot.fullyExactAt = marker.writes;
      else slot.countExactAt = marker.writes;
      return cached;
    }
  }
  // Concurrent queries that find the copy stale share one reload.
  if (!slot.loading) {
    const loading = loadEdgeIndex(db).finally(() => {
      if (slot.loading === loading) slot.loading = undefined;
    });
    slot.loading = loading;
  }
  const index = await slot.loading;
  if (slot.index !== index) {
    slot.index = index;
    slot.fullyExactAt = index.writes;
    slot.countExactAt = undefined;
  }
  return index;
}

interface Marker {
  count: number;
  firstSeenSum?: string;
  /** the writes counter in the same snapshot */
  writes?: number;
}

async function readMarker(db: Kysely<PaneSchema>, withFirstSeen: boolean): Promise<Marker> {
  if (!withFirstSeen) {
    const { rows } = await sql<{ n: unknown; w: unknown }>`SELECT count(*) AS n, ${writesCounterValue} AS w FROM lineage_edges`.execute(db);
    return { count: Number(rows[0].n), writes: writesCounterOf(rows[0].w) };
  }
  const { rows } = await sql<{ n: unknown; s: unknown; w: unknown }>`
    SELECT count(*) AS n, CAST(COALESCE(sum(first_seen_at), 0) AS TEXT) AS s, ${writesCounterValue} AS w FROM lineage_edges`.execute(db);
  return { count: Number(rows[0].n), firstSeenSum: String(rows[0].s), writes: writesCounterOf(rows[0].w) };
}

interface EdgeRow {
  job_namespace: string;
  job_name: string;
  direction: 'input' | 'output';
  dataset_namespace: string;
  dataset_name: string;
  first_seen_at: unknown;
}

/** Loads every edge in one statement; count and sum are computed from the very rows loaded. */
async function loadEdgeIndex(db: Kysely<PaneSchema>): Promise<EdgeIndex> {
  const { rows } = await sql<EdgeRow & { writes: unknown }>`
    SELECT job_namespace, job_name, direction, dataset_namespace, dataset_name, first_seen_at, ${writesCounterValue} AS writes FROM lineage_edges`.execute(db);
  let sum = 0n;
  for (const row of rows) sum += BigInt(Number(row.first_seen_at));
  return { count: rows.length, firstSeenSum: String(sum), numbered: numberEdges(rows), writes: writesCounterOf(rows[0]?.writes) };
}

function numberEdges(rows: EdgeRow[]): NumberedEdges {
  const nodes: NumberedNode[] = [];
  const numbers: Record<NodeKind, Map<string, Map<string, number>>> = { job: new Map(), dataset: new Map() };
  const numberOf = (kind: NodeKind, namespace: string, name: string) => numbers[kind].get(namespace)?.get(name);
  const number = (kind: NodeKind, namespace: string, name: string): number => {
    let names = numbers[kind].get(namespace);
    if (!names) numbers[kind].set(namespace, (names = new Map()));
    let n = names.get(name);
    if (n === undefined) {
      n = nodes.length;
      names.set(name, n);
      nodes.push({ kind, namespace, name });
    }
    return n;
  };
  const count = rows.length;
  // Data flows source → target: an input edge from its dataset to its job, an output edge the other way.
  const sources = new Int32Array(count);
  const targets = new Int32Array(count);
  const firstSeenAt = new Float64Array(count);
  const isInput = new Uint8Array(count);
  rows.forEach((row, e) => {
    const job = number('job', row.job_namespace, row.job_name);
    const dataset = number('dataset', row.dataset_namespace, row.dataset_name);
    const input = row.direction === 'input';
    sources[e] = input ? dataset : job;
    targets[e] = input ? job : dataset;
    firstSeenAt[e] = Number(row.first_seen_at);
    isInput[e] = input ? 1 : 0;
  });
  return {
    nodes,
    numberOf,
    source: sources,
    target: targets,
    walks: { downstream: adjacencyOf(nodes.length, sources, targets), upstream: adjacencyOf(nodes.length, targets, sources) },
    firstSeenAt,
    isInput,
  };
}

/** The edges leaving each node, `from[e]` → `to[e]`, grouped by their `from` node in edge order. */
function adjacencyOf(nodeCount: number, from: Int32Array, to: Int32Array): { start: Int32Array; to: Int32Array; edge: Int32Array } {
  const start = new Int32Array(nodeCount + 1);
  for (let e = 0; e < from.length; e++) start[from[e] + 1] += 1;
  for (let v = 0; v < nodeCount; v++) start[v + 1] += start[v];
  const filled = start.slice(0, nodeCount);
  const ends = new Int32Array(from.length);
  const edges = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) {
    const at = filled[from[e]]++;
    ends[at] = to[e];
    edges[at] = e;
  }
  return { start, to: ends, edge: edges };
}

/** Every edge of the index once, as table rows. */
export function edgeRowsOf(index: EdgeIndex): LineageEdgeRow[] {
  const { nodes, source, target, isInput } = index.numbered;
  const rows = new Array<LineageEdgeRow>(source.length);
  for (let e = 0; e < source.length; e++) {
    const input = isInput[e] === 1;
    const job = nodes[input ? target[e] : source[e]];
    const dataset = nodes[input ? source[e] : target[e]];
    rows[e] = {
      job_namespace: job.namespace,
      job_name: job.name,
      direction: input ? 'input' : 'output',
      dataset_namespace: dataset.namespace,
      dataset_name: dataset.name,
    };
  }
  return rows;
}
