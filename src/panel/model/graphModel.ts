import { DataFrame, Field, FieldType } from '@grafana/data';
import { NodeIdError, parseNodeId } from '../../contract/nodeIds';

import { ColumnEdge, readColumnLineage } from './columnLineage';

/**
 * Frames -> graph model. Reads the Pipeline Pane `lineage` frames and any Grafana Node Graph
 * shaped frames: a nodes frame (only `id` required) and an edges frame (only `source` and
 * `target` required). Everything else is optional and read tolerantly: `detail__last_run_state`,
 * `detail__lastRunState` and `detail__Last run state` all mean the same detail. What cannot be
 * drawn is answered with a message that names the missing field; what is merely odd (edges to
 * unknown nodes, duplicate ids) is drawn anyway and reported as a warning.
 */
export type NodeKind = 'job' | 'dataset' | 'other';

export interface LineageNode {
  index: number;
  id: string;
  kind: NodeKind;
  namespace: string;
  /** the name part of a `job:<ns>:<name>` / `dataset:<ns>:<name>` id, else the title */
  name: string;
  title: string;
  subtitle?: string;
  mainstat?: string;
  secondarystat?: string;
  /** the frame's own `color` field (a Grafana colour name or CSS colour) */
  color?: string;
  /** Node Graph arcs: name (without `arc__`), share and colour from the field config */
  arcs: Array<{ name: string; value: number; color?: string }>;
  owners: string[];
  lastRunState?: string;
  lastRunAt?: number;
  lastSuccessAt?: number;
  freshnessStatus?: string;
  ageSeconds?: number;
  /** freshness SLA: seconds after which the dataset is stale (warn and critical when known) */
  slaWarnSeconds?: number;
  slaCriticalSeconds?: number;
  lastUpdatedAt?: number;
  qualityPassRatio?: number;
  /** the collector's quality verdict against the dataset's SLA (healthy, warning, failing) */
  qualityStatus?: string;
  failingChecks: string[];
  piiColumns: string[];
  rows?: number;
  /** the collector's own verdict, e.g. "failing: latest run FAIL" */
  health?: string;
  /** true when the node only appears in the edges frame */
  placeholder: boolean;
  /** row in the nodes frame, for label fields (-1 for placeholders) */
  row: number;
}

export interface LineageEdge {
  index: number;
  id: string;
  source: number;
  target: number;
  mainstat?: string;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
  byId: Map<string, number>;
  /** adjacency by node index */
  out: number[][];
  in: number[][];
  /** column-level edges found in the frames (see columnLineage.ts) */
  columnEdges: ColumnEdge[];
  /** the nodes frame, for labelling nodes by any of its fields */
  nodesFrame?: DataFrame;
  /** things drawn anyway but worth saying */
  warnings: string[];
  /** a cheap fingerprint of ids and edges: layouts are reused while it stays the same */
  structureKey: string;
}

export interface FrameProblem {
  title: string;
  detail: string;
}

export type ReadResult = { graph: LineageGraph; problem?: undefined } | { graph?: undefined; problem: FrameProblem };

export const NODE_GRAPH_HELP =
  'Query the Pipeline Pane data source with the kind "Lineage", or any query that answers Node Graph frames: ' +
  'a nodes frame with an "id" field and an edges frame with "source" and "target" fields.';

/** Field names compared loosely: case, `detail__` prefix, spaces, dashes and underscores ignored. */
export const looseName = (name: string) => name.toLowerCase().replace(/^detail__/, '').replace(/[\s_-]+/g, '');

const fieldByName = (frame: DataFrame, ...names: string[]): Field | undefined => {
  const wanted = names.map(looseName);
  for (const name of wanted) {
    const exact = frame.fields.find((field) => field.name === name);
    if (exact) {
      return exact;
    }
    const loose = frame.fields.find((field) => looseName(field.name) === name);
    if (loose) {
      return loose;
    }
  }
  return undefined;
};

const hasField = (frame: DataFrame, name: string) => frame.fields.some((field) => field.name.toLowerCase() === name);
const frameName = (frame: DataFrame) => (frame.name ?? '').toLowerCase();
const metaType = (frame: DataFrame) => String((frame.meta as { type?: string } | undefined)?.type ?? '').toLowerCase();

export const isEdgesFrame = (frame: DataFrame) =>
  frameName(frame) === 'edges' || metaType(frame) === 'edges' || (hasField(frame, 'source') && hasField(frame, 'target'));
export const isNodesFrame = (frame: DataFrame) =>
  !isEdgesFrame(frame) && (frameName(frame) === 'nodes' || metaType(frame) === 'nodes' || hasField(frame, 'id'));

/** A column node id: `dataset:<ns>:<name>#<column>`. Column frames are read by columnLineage.ts. */
export const isColumnNodeId = (id: string) => /^dataset:[^:]*:.+#[^#]*$/s.test(id);

const text = (value: unknown): string | undefined => {
  if (value === null || value === undefined) {
    return undefined;
  }
  const s = String(value).trim();
  return s === '' ? undefined : s;
};

const numeric = (value: unknown): number | undefined => {
  if (value === null || value === undefined || value === '') {
    return undefined;
  }
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
};

const time = (value: unknown): number | undefined => {
  if (typeof value === 'string' && !/^\d+$/.test(value)) {
    const parsed = Date.parse(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return numeric(value);
};

const list = (value: unknown): string[] => {
  if (Array.isArray(value)) {
    return value.map((v) => text(v)).filter((v): v is string => v !== undefined);
  }
  const s = text(value);
  return s === undefined ? [] : s.split(',').map((part) => part.trim()).filter(Boolean);
};

/** A node id in the contract's form, or undefined: Node Graph frames from elsewhere may use any id. */
const parsedId = (id: string): { kind: NodeKind; namespace: string; name: string } | undefined => {
  try {
    return parseNodeId(id);
  } catch (error) {
    if (error instanceof NodeIdError) {
      return undefined;
    }
    throw error;
  }
};

const kindOf = (value: string | undefined, id: string): NodeKind => {
  const lowered = value?.toLowerCase();
  if (lowered === 'job' || lowered === 'dataset') {
    return lowered;
  }
  return parsedId(id)?.kind ?? 'other';
};

/** The value of the first of `names` present in the frame, per row. */
const column = (frame: DataFrame | undefined, ...names: string[]) => {
  const field = frame ? fieldByName(frame, ...names) : undefined;
  return (row: number): unknown => (field ? field.values[row] : undefined);
};

function fnv(hash: number, s: string): number {
  let h = hash;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Rows in a frame: its length, or its longest field when length is unset. */
export const frameRows = (frame: DataFrame) => frame.length || frame.fields.reduce((n, field) => Math.max(n, field.values.length), 0);

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** Reads the lineage graph (and any column lineage) out of a query result. */
export function readLineageFrames(series: DataFrame[]): ReadResult {
  const nonEmpty = series.filter((frame) => frame.fields.length > 0);
  const columnEdges = readColumnLineage(nonEmpty);
  // Column-level node graph frames (ids `dataset:<ns>:<name>#<column>`) belong to column lineage.
  const isColumnFrame = (frame: DataFrame) => {
    const ids = fieldByName(frame, isEdgesFrame(frame) ? 'source' : 'id');
    const first = ids?.values.find((v) => v !== null && v !== undefined);
    return typeof first === 'string' && isColumnNodeId(first);
  };
  const edgeFrames = nonEmpty.filter((frame) => isEdgesFrame(frame) && !isColumnFrame(frame));
  const nodeFrames = nonEmpty.filter((frame) => isNodesFrame(frame) && !isColumnFrame(frame));

  if (edgeFrames.length === 0 && nodeFrames.length === 0) {
    if (columnEdges.length > 0) {
      return {
        problem: {
          title: 'Only column lineage in the result',
          detail: 'The query answered column-level lineage but no job or dataset nodes. Add a "Lineage" query to draw the graph; column lineage then shows on the datasets.',
        },
      };
    }
    const named = series.filter((frame) => frameName(frame) === 'nodes' || frameName(frame) === 'edges');
    const broken = named.find((frame) => frameRows(frame) > 0);
    if (broken) {
      return {
        problem: {
          title: `The ${frameName(broken)} frame lacks the fields to draw it`,
          detail: `${frameName(broken) === 'nodes' ? 'A nodes frame needs an "id" field' : 'An edges frame needs "source" and "target" fields'}; it has ${fieldList(broken)}. ${NODE_GRAPH_HELP}`,
        },
      };
    }
    if (named.length > 0) {
      return { problem: { title: 'No lineage data', detail: `The query answered an empty graph: no jobs or datasets match. ${NODE_GRAPH_HELP}` } };
    }
    return { problem: { title: 'No lineage data', detail: NODE_GRAPH_HELP } };
  }

  const warnings: string[] = [];
  const nodes: LineageNode[] = [];
  const byId = new Map<string, number>();
  let duplicates = 0;
  let missingIds = 0;
  let nodesFrame: DataFrame | undefined;

  for (const frame of nodeFrames) {
    const idField = fieldByName(frame, 'id');
    if (!idField) {
      warnings.push(`A nodes frame has no "id" field (it has ${fieldList(frame)}); its rows were left out.`);
      continue;
    }
    nodesFrame ??= frame;
    const ownRows = frame === nodesFrame;
    const get = {
      title: column(frame, 'title'),
      subtitle: column(frame, 'subtitle'),
      mainstat: column(frame, 'mainstat'),
      secondarystat: column(frame, 'secondarystat'),
      color: column(frame, 'color'),
      kind: column(frame, 'detail__kind', 'kind'),
      namespace: column(frame, 'detail__namespace', 'namespace'),
      owners: column(frame, 'detail__owners', 'owners', 'detail__owner', 'owner'),
      lastRunState: column(frame, 'detail__last_run_state', 'detail__run_state', 'detail__state'),
      lastRunAt: column(frame, 'detail__last_run_at', 'detail__last_run'),
      lastSuccessAt: column(frame, 'detail__last_success_at'),
      freshness: column(frame, 'detail__freshness_status', 'detail__freshness'),
      age: column(frame, 'detail__freshness_age', 'detail__age', 'detail__age_seconds'),
      slaWarn: column(frame, 'detail__sla_warn_after', 'detail__warn_after_seconds', 'detail__freshness_sla_warn'),
      slaCritical: column(frame, 'detail__sla_critical_after', 'detail__critical_after_seconds', 'detail__freshness_sla', 'detail__sla'),
      lastUpdatedAt: column(frame, 'detail__last_updated_at', 'detail__last_update_at'),
      quality: column(frame, 'detail__quality_pass_ratio', 'detail__quality'),
      qualityStatus: column(frame, 'detail__quality_status'),
      failingChecks: column(frame, 'detail__failing_checks'),
      pii: column(frame, 'detail__pii_columns', 'detail__pii'),
      rows: column(frame, 'detail__rows', 'detail__row_count', 'detail__rowcount', 'detail__last_row_count'),
      health: column(frame, 'detail__health'),
    };
    const arcFields = frame.fields.filter((field) => field.name.startsWith('arc__'));

    for (let row = 0; row < frameRows(frame); row++) {
      const id = text(idField.values[row]);
      if (id === undefined) {
        missingIds++;
        continue;
      }
      if (byId.has(id)) {
        duplicates++;
        continue;
      }
      const parsed = parsedId(id);
      const title = text(get.title(row)) ?? parsed?.name ?? id;
      const index = nodes.length;
      byId.set(id, index);
      nodes.push({
        index,
        id,
        kind: kindOf(text(get.kind(row)), id),
        namespace: text(get.namespace(row)) ?? parsed?.namespace ?? '',
        name: parsed?.name ?? title,
        title,
        subtitle: text(get.subtitle(row)),
        mainstat: text(get.mainstat(row)),
        secondarystat: text(get.secondarystat(row)),
        color: text(get.color(row)),
        arcs: arcFields
          .map((field) => ({ name: field.config.displayName ?? field.name.slice(5), value: numeric(field.values[row]) ?? 0, color: field.config.color?.fixedColor }))
          .filter((arc) => arc.value > 0),
        owners: list(get.owners(row)),
        lastRunState: text(get.lastRunState(row))?.toUpperCase(),
        lastRunAt: time(get.lastRunAt(row)),
        lastSuccessAt: time(get.lastSuccessAt(row)),
        freshnessStatus: text(get.freshness(row))?.toLowerCase(),
        ageSeconds: numeric(get.age(row)),
        slaWarnSeconds: numeric(get.slaWarn(row)),
        slaCriticalSeconds: numeric(get.slaCritical(row)),
        lastUpdatedAt: time(get.lastUpdatedAt(row)),
        qualityPassRatio: numeric(get.quality(row)),
        qualityStatus: text(get.qualityStatus(row))?.toLowerCase(),
        failingChecks: list(get.failingChecks(row)),
        piiColumns: list(get.pii(row)),
        rows: numeric(get.rows(row)),
        health: text(get.health(row)),
        placeholder: false,
        row: ownRows ? row : -1,
      });
    }
  }

  const edges: LineageEdge[] = [];
  const placeholders: string[] = [];
  let edgeProblems = 0;
  const addPlaceholder = (id: string) => {
    const parsed = parsedId(id);
    const index = nodes.length;
    byId.set(id, index);
    placeholders.push(id);
    nodes.push({
      index,
      id,
      kind: parsed?.kind ?? 'other',
      namespace: parsed?.namespace ?? '',
      name: parsed?.name ?? id,
      title: parsed?.name ?? id,
      arcs: [],
      owners: [],
      failingChecks: [],
      piiColumns: [],
      placeholder: true,
      row: -1,
    });
    return index;
  };
  for (const frame of edgeFrames) {
    const sourceField = fieldByName(frame, 'source');
    const targetField = fieldByName(frame, 'target');
    if (!sourceField || !targetField) {
      const missing = [!sourceField && '"source"', !targetField && '"target"'].filter(Boolean);
      warnings.push(`An edges frame has no ${missing.join(' and ')} field${missing.length > 1 ? 's' : ''} (it has ${fieldList(frame)}); its edges were left out.`);
      continue;
    }
    const idField = fieldByName(frame, 'id');
    const mainstat = column(frame, 'mainstat');
    for (let row = 0; row < frameRows(frame); row++) {
      const source = text(sourceField.values[row]);
      const target = text(targetField.values[row]);
      if (source === undefined || target === undefined) {
        edgeProblems++;
        continue;
      }
      const s = byId.get(source) ?? addPlaceholder(source);
      const t = byId.get(target) ?? addPlaceholder(target);
      edges.push({ index: edges.length, id: text(idField?.values[row]) ?? `${source}->${target}`, source: s, target: t, mainstat: text(mainstat(row)) });
    }
  }

  if (nodes.length === 0) {
    if (warnings.length > 0) {
      return { problem: { title: 'The lineage frames lack the fields to draw them', detail: `${warnings.join(' ')} ${NODE_GRAPH_HELP}` } };
    }
    return { problem: { title: 'No lineage data', detail: `The query answered an empty graph: no jobs or datasets match. ${NODE_GRAPH_HELP}` } };
  }

  if (nodeFrames.length === 0) {
    warnings.push('No nodes frame: nodes were made from the edges\u2019 source and target ids, without health.');
  } else if (placeholders.length > 0) {
    warnings.push(
      `${plural(placeholders.length, 'node')} named by edges ${placeholders.length === 1 ? 'is' : 'are'} missing from the nodes frame (first: ${placeholders[0]}); drawn without health.`,
    );
  }
  if (missingIds > 0) {
    warnings.push(`${plural(missingIds, 'row')} of the nodes frame had an empty id and ${missingIds === 1 ? 'was' : 'were'} left out.`);
  }
  if (duplicates > 0) {
    warnings.push(`${plural(duplicates, 'node id')} appeared more than once; the first row of each was kept.`);
  }
  if (edgeProblems > 0) {
    warnings.push(`${plural(edgeProblems, 'edge')} had an empty source or target and ${edgeProblems === 1 ? 'was' : 'were'} left out.`);
  }

  const out: number[][] = nodes.map(() => []);
  const inn: number[][] = nodes.map(() => []);
  let hash = 2166136261;
  for (const node of nodes) {
    hash = fnv(hash, node.id);
  }
  for (const edge of edges) {
    out[edge.source].push(edge.target);
    inn[edge.target].push(edge.source);
    hash = fnv(hash, `${edge.source}>${edge.target}`);
  }
  return {
    graph: {
      nodes,
      edges,
      byId,
      out,
      in: inn,
      columnEdges,
      nodesFrame,
      warnings,
      structureKey: `${nodes.length}/${edges.length}/${hash.toString(36)}`,
    },
  };
}

function fieldList(frame: DataFrame): string {
  const names = frame.fields.map((field) => `"${field.name}"`);
  if (names.length === 0) {
    return 'no fields';
  }
  return `fields ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', \u2026' : ''}`;
}

/** Names of the nodes frame's fields that can label a node (text or numbers). */
export function labelFieldNames(frame: DataFrame | undefined): string[] {
  if (!frame) {
    return [];
  }
  return frame.fields
    .filter((field) => field.type === FieldType.string || field.type === FieldType.number || field.type === FieldType.other)
    .map((field) => field.name);
}
