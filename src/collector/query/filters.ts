import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { NodeIdError, type NodeKind, parseNodeId } from '../../contract/nodeIds';
import { QueryError } from './queryContext';

/**
 * SQL pieces several query kinds share, written once so that they mean the same thing
 * everywhere and run unchanged on SQLite and PostgreSQL. Columns are named with their table
 * (`runs.first_event_time`); values are always bound parameters.
 */

/** A job or dataset filter: a node id (`job:<namespace>:<name>`) pins the namespace, a bare name does not. */
export interface NodeFilter {
  namespace?: string;
  name: string;
}

/** Reads a job or dataset filter given as a node id or a bare name; `field` names it in errors. */
export function nodeFilterOf(value: string | undefined, kind: NodeKind, field: string): NodeFilter | undefined {
  if (value === undefined) return undefined;
  if (/^(job|dataset):/.test(value)) {
    let ref;
    try {
      ref = parseNodeId(value);
    } catch (error) {
      if (error instanceof NodeIdError) throw new QueryError(field, error.message);
      throw error;
    }
    if (ref.kind !== kind) throw new QueryError(field, `"${value}" is a ${ref.kind} node id; expected a ${kind} name or node id`);
    return { namespace: ref.namespace, name: ref.name };
  }
  return { name: value };
}

export const jobFilterOf = (value: string | undefined, field = 'job') => nodeFilterOf(value, 'job', field);
export const datasetFilterOf = (value: string | undefined, field = 'dataset') => nodeFilterOf(value, 'dataset', field);

/** `namespace = ? AND name = ?`, or just the name when the filter has no namespace. */
export function matchesNode(filter: NodeFilter, namespaceColumn: string, nameColumn: string): RawBuilder<SqlBool> {
  const name = sql<SqlBool>`${sql.ref(nameColumn)} = ${filter.name}`;
  return filter.namespace === undefined ? name : sql<SqlBool>`(${sql.ref(namespaceColumn)} = ${filter.namespace} AND ${name})`;
}

export const equals = (column: string, value: string | number): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.ref(column)} = ${value}`;

/**
 * `column = value` written so that no index serves it (`column || '' = value`). For a namespace
 * on its own: a (namespace, name, time) index would have the planner read the namespace's whole
 * history instead of the time range.
 */
export const equalsWithoutIndex = (column: string, value: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.ref(column)} || '' = ${value}`;

/**
 * The job (or dataset) and namespace filters of a target together: a bare name takes the
 * namespace filter's namespace (so a (namespace, name, time) index serves both); a node id in
 * another namespace than the namespace filter matches nothing; a namespace alone is matched
 * without an index (see equalsWithoutIndex).
 */
export function nodeAndNamespace(
  node: NodeFilter | undefined,
  namespace: string | undefined,
  namespaceColumn: string,
  nameColumn: string,
): RawBuilder<SqlBool> | undefined {
  if (node === undefined) return namespace === undefined ? undefined : equalsWithoutIndex(namespaceColumn, namespace);
  if (node.namespace !== undefined && namespace !== undefined && node.namespace !== namespace) return sql<SqlBool>`1 = 0`;
  return matchesNode({ namespace: node.namespace ?? namespace, name: node.name }, namespaceColumn, nameColumn);
}

export function isOneOf(column: string, values: ReadonlyArray<string | number>): RawBuilder<SqlBool> {
  if (values.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${sql.ref(column)} IN (${sql.join(values)})`;
}

/** `from <= column <= to`: index-friendly on a time column. */
export const inTimeRange = (column: string, range: { from: number; to: number }): RawBuilder<SqlBool> =>
  sql<SqlBool>`${sql.ref(column)} >= ${range.from} AND ${sql.ref(column)} <= ${range.to}`;

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped (use with `ESCAPE '\'`). */
export const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Case-insensitive substring match on any of the columns (SQLite's LIKE and PostgreSQL's differ on case; LOWER makes them agree). */
export function containsText(columns: string[], text: string): RawBuilder<SqlBool> {
  const pattern = containsPattern(text);
  return sql<SqlBool>`(${sql.join(
    columns.map((column) => sql`LOWER(${sql.ref(column)}) LIKE ${pattern} ESCAPE '\\'`),
    sql` OR `,
  )})`;
}

export const all = (conditions: Array<RawBuilder<SqlBool> | undefined>): RawBuilder<SqlBool> => {
  const present = conditions.filter((c): c is RawBuilder<SqlBool> => c !== undefined);
  return present.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`(${sql.join(present, sql` AND `)})`;
};

/**
 * How long before a range a run may have started and still count as "in" the range. Runs are
 * indexed by their first event time only, so looking further back would scan every older run;
 * a run that started more than this before the range and is still going is not listed.
 */
export const runLookbackMs = 24 * 60 * 60 * 1000;

/**
 * Runs overlapping the range: started (first event) before its end, and not ended before its
 * start (unfinished runs count as still going). Uses the `runs_first_event_time` index.
 *
 * `first_event_time >= from` is implied by the rest (a run ends after its first event) and is
 * there for PostgreSQL's planner: without it, it guessed that ~3% of the lookback window
 * overlaps (about half does), sorted all 31,556 candidate runs of the benchmark's last day for
 * the newest 1,000 (51 ms), instead of reading the index backwards and stopping (7 ms).
 */
export function runsOverlapping(range: { from: number; to: number }, table = 'runs'): RawBuilder<SqlBool> {
  const first = sql.ref(`${table}.first_event_time`);
  const ended = sql.ref(`${table}.ended_at`);
  return sql<SqlBool>`(${first} >= ${range.from - runLookbackMs} AND ${first} <= ${range.to} AND (${first} >= ${range.from} OR ${ended} IS NULL OR ${ended} >= ${range.from}))`;
}

/** Runs whose first event lies in the range (what per-interval aggregations count). */
export const runsStartedIn = (range: { from: number; to: number }, table = 'runs'): RawBuilder<SqlBool> =>
  inTimeRange(`${table}.first_event_time`, range);

/**
 * The start of the bucket a time column falls in, as SQL: `(column / interval) * interval`.
 * The interval is inlined (a validated whole number), so both databases divide integers.
 */
export function bucketOf(column: string, intervalMs: number): RawBuilder<number> {
  if (!Number.isInteger(intervalMs) || intervalMs <= 0) throw new Error(`bucket interval must be a positive whole number of ms, got ${intervalMs}`);
  return sql<number>`((${sql.ref(column)} / ${sql.lit(intervalMs)}) * ${sql.lit(intervalMs)})`;
}

/** Every bucket start from the range's first bucket to its last, for zero-filled time series. */
export function bucketStarts(range: { from: number; to: number }, intervalMs: number): number[] {
  const starts: number[] = [];
  for (let t = Math.floor(range.from / intervalMs) * intervalMs; t <= range.to; t += intervalMs) starts.push(t);
  return starts;
}

/** Quality results in the range, of a namespace, dataset (name or node id) and check when given: what the quality kinds filter by. */
export function qualityChecksMatching(
  filter: { namespace?: string; dataset?: NodeFilter; check?: string },
  range: { from: number; to: number },
): Array<RawBuilder<SqlBool> | undefined> {
  return [
    inTimeRange('quality_checks.observed_at', range),
    filter.namespace === undefined ? undefined : equals('quality_checks.dataset_namespace', filter.namespace),
    filter.dataset === undefined ? undefined : matchesNode(filter.dataset, 'quality_checks.dataset_namespace', 'quality_checks.dataset_name'),
    filter.check === undefined ? undefined : equals('quality_checks.check_name', filter.check),
  ];
}
