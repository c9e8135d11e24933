import type { LineageNode } from './graphModel';
import { type ColorBy, colorByNames, type HealthStatus, statusLabel } from './health';

/**
 * What the hover card says about a node, as label/value rows of plain text: last run, age
 * against the SLA, rows, failing checks, personal-data columns, owners. Frames without these
 * details fall back to the Node Graph's mainstat and secondarystat.
 */
export interface DetailRow {
  label: string;
  value: string;
  /** the row shows a problem (failed run, stale, failing checks) */
  bad?: boolean;
}

/** `45s`, `12m`, `3h 20m`, `2d 4h`, like the collector's formatAge. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return `${s}s`;
  }
  const minutes = Math.floor(s / 60);
  if (minutes < 60) {
    return `${minutes}m`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  }
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

const ago = (at: number, now: number) => `${formatAge((now - at) / 1000)} ago`;

export function describeNode(node: LineageNode, options: { now: number; colorBy: ColorBy; status: HealthStatus; formatTime?: (ms: number) => string }): DetailRow[] {
  const { now } = options;
  const when = (ms: number) => (options.formatTime ? `${options.formatTime(ms)} (${ago(ms, now)})` : ago(ms, now));
  const rows: DetailRow[] = [];
  // A job's freshness and quality are those of what it writes; a dataset's run state, its writers'.
  const borrowed = (options.colorBy === 'runState' && node.kind === 'dataset') || (options.colorBy !== 'runState' && node.kind === 'job');
  const healthLabel = borrowed ? `${colorByNames[options.colorBy]} (${node.kind === 'job' ? 'outputs' : 'writers'})` : colorByNames[options.colorBy];
  rows.push({ label: healthLabel, value: statusLabel(options.colorBy, options.status), bad: options.status === 'failing' });
  if (node.health) {
    rows.push({ label: 'Collector says', value: node.health, bad: node.health.startsWith('failing') });
  }
  if (node.lastRunState !== undefined || node.lastRunAt !== undefined) {
    const state = node.lastRunState ?? 'unknown';
    rows.push({
      label: 'Last run',
      value: node.lastRunAt !== undefined ? `${state}, ${when(node.lastRunAt)}` : state,
      bad: state === 'FAIL' || state === 'ABORT',
    });
  } else if (node.kind === 'job' && !node.placeholder) {
    rows.push({ label: 'Last run', value: 'no runs seen' });
  }
  if (node.lastSuccessAt !== undefined && node.lastRunState !== 'COMPLETE') {
    rows.push({ label: 'Last success', value: when(node.lastSuccessAt) });
  }
  if (node.freshnessStatus !== undefined || node.ageSeconds !== undefined) {
    const age = node.ageSeconds !== undefined ? formatAge(node.ageSeconds) : node.lastUpdatedAt !== undefined ? formatAge((now - node.lastUpdatedAt) / 1000) : undefined;
    const sla =
      node.slaCriticalSeconds !== undefined
        ? ` (SLA: stale after ${formatAge(node.slaCriticalSeconds)}${node.slaWarnSeconds !== undefined ? `, warn after ${formatAge(node.slaWarnSeconds)}` : ''})`
        : '';
    const status = node.freshnessStatus ?? 'unknown';
    const verdict = status === 'fresh' ? 'within its SLA' : status === 'warning' ? 'near its SLA' : status === 'stale' ? 'past its SLA' : 'no SLA';
    rows.push({ label: 'Age', value: age !== undefined ? `${age}, ${verdict}${sla}` : `never updated, ${verdict}${sla}`, bad: status === 'stale' });
  }
  if (node.rows !== undefined) {
    rows.push({ label: 'Rows', value: node.rows.toLocaleString('en-US') });
  }
  if (node.qualityPassRatio !== undefined) {
    rows.push({ label: 'Checks passing', value: `${Math.round(node.qualityPassRatio * 100)}%`, bad: node.qualityPassRatio < 1 });
  }
  if (node.failingChecks.length > 0) {
    rows.push({ label: 'Failing checks', value: node.failingChecks.join(', '), bad: true });
  }
  if (node.piiColumns.length > 0) {
    rows.push({ label: 'Personal data', value: node.piiColumns.join(', ') });
  }
  if (node.owners.length > 0) {
    rows.push({ label: node.owners.length === 1 ? 'Owner' : 'Owners', value: node.owners.join(', ') });
  }
  // Plain Node Graph frames: their stats are all there is.
  const detailed = rows.length > 1;
  if (!detailed) {
    if (node.mainstat) {
      rows.push({ label: 'Main stat', value: node.mainstat });
    }
    if (node.secondarystat) {
      rows.push({ label: 'Secondary stat', value: node.secondarystat });
    }
    for (const arc of node.arcs) {
      rows.push({ label: arc.name, value: `${Math.round(arc.value * 100)}%` });
    }
  }
  if (node.placeholder) {
    rows.push({ label: 'Note', value: 'only named by an edge: no details in the nodes frame' });
  }
  return rows;
}

export const kindLabel = (kind: LineageNode['kind']) => (kind === 'job' ? 'Job' : kind === 'dataset' ? 'Dataset' : 'Node');
