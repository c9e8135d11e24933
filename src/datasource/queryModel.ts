import { dateMath } from '@grafana/data';

import type { QueryTarget } from '../contract/query';
import type { PaneQuery } from './types';

/**
 * From a saved query to the collector's target: pick the filters the kind takes, resolve
 * template variables in every field, apply the default namespace, and check numbers and
 * required fields, naming the field in the error. Pure: the template service comes in as
 * `replace`, so this is tested without Grafana.
 */
export type Replace = (value: string, format?: string) => string;

export class QueryModelError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'QueryModelError';
  }
}

export interface BuildOptions {
  replace: Replace;
  defaultNamespace?: string;
  /** epoch ms that relative "as of" times (now-7d) are resolved against; default Date.now() */
  now?: number;
}

type Kind = PaneQuery['kind'];
type Field = keyof PaneQuery;

/** Which fields each kind sends; the rest of a saved query (from another kind) is left out. */
export const KIND_FIELDS: Record<Kind, Field[]> = {
  runs: ['namespace', 'job', 'states', 'orchestrator', 'parentRunId', 'limit'],
  runStats: ['namespace', 'job', 'orchestrator', 'metric'],
  freshness: ['namespace', 'dataset', 'statuses', 'owner', 'team', 'limit'],
  quality: ['namespace', 'dataset', 'check', 'failedOnly', 'limit'],
  qualityStats: ['namespace', 'dataset', 'check', 'groupBy'],
  volume: ['namespace', 'dataset', 'anomaliesOnly', 'limit'],
  lineage: ['node', 'namespace', 'direction', 'depth', 'asOf', 'limit'],
  columnLineage: ['node', 'column', 'depth', 'asOf'],
  impact: ['node', 'depth'],
  events: ['namespace', 'job', 'dataset', 'levels', 'search', 'limit'],
  trace: ['runId', 'depth'],
  variables: ['subject', 'namespace', 'search', 'limit'],
  annotations: ['namespace', 'job', 'dataset', 'types'],
};

const REQUIRED: Partial<Record<Kind, Field[]>> = {
  columnLineage: ['node'],
  impact: ['node'],
  trace: ['runId'],
  variables: ['subject'],
};

const LIST_FIELDS = new Set<Field>(['states', 'statuses', 'levels', 'types']);
const NUMBER_FIELDS = new Set<Field>(['depth', 'limit']);
const BOOLEAN_FIELDS = new Set<Field>(['failedOnly', 'anomaliesOnly']);
/** The kinds whose targets carry a given field. */
export const kindsWith = (field: Field): Set<Kind> =>
  new Set((Object.keys(KIND_FIELDS) as Kind[]).filter((kind) => KIND_FIELDS[kind].includes(field)));

/**
 * kinds where an empty namespace means the data source's default one; a variable query
 * (listing namespaces, jobs, ...) is left unfiltered so every namespace stays pickable
 */
const DEFAULT_NAMESPACE_KINDS = new Set<Kind>([...kindsWith('namespace')].filter((kind) => kind !== 'variables'));

export function buildTarget(query: PaneQuery, options: BuildOptions): QueryTarget {
  const kind = query.kind ?? 'runs';
  const fields = KIND_FIELDS[kind];
  if (!fields) {throw new QueryModelError('kind', `"${kind}" is not a query kind`);}
  const target: Record<string, unknown> = { refId: query.refId, kind };
  if (query.hide) {target.hide = true;}

  for (const field of fields) {
    const raw = query[field];
    if (raw === undefined || raw === null || raw === '') {continue;}
    if (LIST_FIELDS.has(field)) {
      const values = listValues(raw, options.replace);
      if (values.length > 0) {target[field] = values;}
    } else if (NUMBER_FIELDS.has(field)) {
      target[field] = wholeNumber(field, raw, options.replace);
    } else if (BOOLEAN_FIELDS.has(field)) {
      if (raw === true) {target[field] = true;}
    } else if (field === 'asOf') {
      const asOf = asOfValue(String(raw), options);
      if (asOf !== undefined) {target.asOf = asOf;}
    } else {
      const value = options.replace(String(raw)).trim();
      if (value !== '') {target[field] = value;}
    }
  }

  if (target.namespace === undefined && DEFAULT_NAMESPACE_KINDS.has(kind) && options.defaultNamespace) {
    // lineage around a node needs no namespace; a whole-namespace graph falls back to the default
    if (!(kind === 'lineage' && target.node !== undefined)) {target.namespace = options.replace(options.defaultNamespace);}
  }
  if (kind === 'variables' && target.namespace === undefined && target.subject !== 'namespaces' && options.defaultNamespace) {
    target.namespace = options.replace(options.defaultNamespace);
  }
  for (const field of REQUIRED[kind] ?? []) {
    if (target[field] === undefined) {throw new QueryModelError(field, `is required for ${kind} queries`);}
  }
  if (kind === 'lineage' && target.node === undefined && target.namespace === undefined) {
    throw new QueryModelError('node', 'pick a node, or a namespace to show its whole graph');
  }
  return target as unknown as QueryTarget;
}

/** Each entry interpolated; a multi-value variable expands to its values. */
function listValues(raw: unknown, replace: Replace): string[] {
  const entries = Array.isArray(raw) ? raw : [raw];
  const out = entries.flatMap((entry) =>
    replace(String(entry), 'csv')
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean),
  );
  return [...new Set(out)];
}

function wholeNumber(field: Field, raw: unknown, replace: Replace): number {
  const text = typeof raw === 'number' ? String(raw) : replace(String(raw)).trim();
  if (!/^-?\d+$/.test(text)) {throw new QueryModelError(field, `must be a whole number, got "${text}"`);}
  return Number(text);
}

/** `""` → undefined (now); digits → epoch ms; `now-7d` → epoch ms; anything else goes as an ISO time. */
function asOfValue(raw: string, options: BuildOptions): number | string | undefined {
  const text = options.replace(raw).trim();
  if (text === '' || text === 'now') {return undefined;}
  if (/^\d+$/.test(text)) {return Number(text);}
  if (text.startsWith('now')) {
    const parsed = dateMath.toDateTime(text, options.now !== undefined ? { now: options.now } : {});
    if (!parsed || !parsed.isValid()) {throw new QueryModelError('asOf', `"${text}" is not a time: use an ISO time, epoch ms or now-7d`);}
    return parsed.valueOf();
  }
  if (Number.isNaN(Date.parse(text))) {throw new QueryModelError('asOf', `"${text}" is not a time: use an ISO time, epoch ms or now-7d`);}
  return text;
}

/** Every string in the query with template variables resolved (for Explore and query inspection). */
export function interpolateQuery<Q extends PaneQuery>(query: Q, replace: Replace): Q {
  const out = { ...query } as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) {
    if (key === 'refId' || key === 'datasource' || key === 'kind') {continue;}
    if (typeof value === 'string') {out[key] = replace(value);}
    else if (Array.isArray(value)) {out[key] = value.flatMap((v) => (typeof v === 'string' ? replace(v, 'csv').split(',') : [v]));}
  }
  return out as Q;
}
