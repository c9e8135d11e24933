import type { DataFrameJson } from '../../contract/frames';
import { noticesOf, num, rowsOf, str } from '../output/frameRows';

/**
 * The lineage graph as the CLI draws and exports it, read from the collector's Node Graph
 * frames (`nodes` and `edges`). Edges point the way data flows: dataset → job it feeds,
 * job → dataset it writes.
 */
export type NodeKindName = 'job' | 'dataset';

export interface LineageNode {
  id: string;
  kind: NodeKindName;
  namespace: string;
  name: string;
  /** healthy, warning, failing, running, unknown */
  health: string;
  healthReason: string;
  owners: string[];
  /** hops from the centre (0 in a namespace graph) */
  depth: number;
  center: boolean;
  /** the node graph's main line: a job's last run state, a dataset's freshness */
  status: string;
  /** second line: last success, quality ratio */
  detail: string;
  lastRunState: string | null;
  lastRunAt: number | null;
  lastSuccessAt: number | null;
  freshnessStatus: string | null;
  freshnessAgeSeconds: number | null;
  lastUpdatedAt: number | null;
  qualityPassRatio: number | null;
  failingChecks: string[];
}

export interface LineageLink {
  source: string;
  target: string;
  /** `input`: a dataset read by a job; `output`: a dataset written by a job */
  direction: 'input' | 'output';
}

export interface LineageModel {
  center?: string;
  nodes: LineageNode[];
  edges: LineageLink[];
  truncated: boolean;
  notices: string[];
}

const list = (value: unknown): string[] =>
  typeof value === 'string' && value.trim() !== '' ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];

/** `failing: latest run FAIL` → level and reason */
function splitHealth(value: unknown): { level: string; reason: string } {
  const text = str(value) ?? 'unknown';
  const at = text.indexOf(': ');
  return at < 0 ? { level: text, reason: '' } : { level: text.slice(0, at), reason: text.slice(at + 2) };
}

export function lineageFromFrames(frames: DataFrameJson[]): LineageModel {
  const nodesFrame = frames.find((f) => f.name === 'nodes');
  const edgesFrame = frames.find((f) => f.name === 'edges');
  const custom = (nodesFrame?.meta?.custom ?? {}) as { center?: string; truncated?: boolean };
  const nodes = rowsOf(nodesFrame).map((row): LineageNode => {
    const health = splitHealth(row.detail__health);
    const id = String(row.id);
    return {
      id,
      kind: (str(row.detail__kind) ?? (id.startsWith('job:') ? 'job' : 'dataset')) as NodeKindName,
      namespace: str(row.detail__namespace) ?? str(row.subtitle) ?? '',
      name: str(row.title) ?? id,
      health: health.level,
      healthReason: health.reason,
      owners: list(row.detail__owners),
      depth: num(row.detail__depth) ?? 0,
      center: row.highlighted === true || id === custom.center,
      status: str(row.mainstat) ?? '',
      detail: str(row.secondarystat) ?? '',
      lastRunState: str(row.detail__last_run_state),
      lastRunAt: num(row.detail__last_run_at),
      lastSuccessAt: num(row.detail__last_success_at),
      freshnessStatus: str(row.detail__freshness_status),
      freshnessAgeSeconds: num(row.detail__freshness_age),
      lastUpdatedAt: num(row.detail__last_updated_at),
      qualityPassRatio: num(row.detail__quality_pass_ratio),
      failingChecks: list(row.detail__failing_checks),
    };
  });
  const edges = rowsOf(edgesFrame).map(
    (row): LineageLink => ({
      source: String(row.source),
      target: String(row.target),
      direction: row.detail__direction === 'input' || row.mainstat === 'reads' ? 'input' : 'output',
    }),
  );
  return {
    center: custom.center,
    nodes,
    edges,
    truncated: custom.truncated === true,
    notices: noticesOf(frames),
  };
}

/** The model as --json prints it: stable keys, no display-only strings. */
export function lineageJson(model: LineageModel) {
  return {
    center: model.center ?? null,
    truncated: model.truncated,
    nodes: model.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      namespace: n.namespace,
      name: n.name,
      depth: n.depth,
      health: n.health,
      healthReason: n.healthReason,
      owners: n.owners,
      lastRunState: n.lastRunState,
      lastRunAt: n.lastRunAt,
      lastSuccessAt: n.lastSuccessAt,
      freshnessStatus: n.freshnessStatus,
      freshnessAgeSeconds: n.freshnessAgeSeconds,
      lastUpdatedAt: n.lastUpdatedAt,
      qualityPassRatio: n.qualityPassRatio,
      failingChecks: n.failingChecks,
    })),
    edges: model.edges.map((e) => ({ source: e.source, target: e.target, relation: e.direction === 'input' ? 'reads' : 'writes' })),
  };
}
