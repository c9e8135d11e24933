import { GrafanaTheme2 } from '@grafana/data';

import type { LineageGraph, LineageNode } from './graphModel';

/**
 * Health on every node, by the measure the panel colours by:
 * - freshness: a dataset's freshness against its SLA (fresh, warning, stale);
 * - quality: a dataset's pass ratio of its latest checks (all pass, or some failing);
 * - run state: a job's latest run (complete, running, failed).
 * A job has no freshness or quality of its own, so it shows the worst of the datasets it
 * writes; a dataset has no run of its own, so it shows the worst of the jobs that write it.
 * Frames without these details (plain Node Graph frames) fall back to their `color` field.
 */
export type ColorBy = 'freshness' | 'quality' | 'runState';
export type HealthStatus = 'ok' | 'warning' | 'failing' | 'running' | 'unknown';

export const healthStatuses: readonly HealthStatus[] = ['ok', 'running', 'warning', 'failing', 'unknown'];

const severity: Record<HealthStatus, number> = { unknown: 0, ok: 1, running: 2, warning: 3, failing: 4 };
export const worse = (a: HealthStatus, b: HealthStatus): HealthStatus => (severity[a] >= severity[b] ? a : b);

export function runStateStatus(state: string | undefined): HealthStatus {
  switch (state?.toUpperCase()) {
    case 'COMPLETE':
    case 'SUCCESS':
    case 'SUCCEEDED':
      return 'ok';
    case 'FAIL':
    case 'FAILED':
    case 'ABORT':
      return 'failing';
    case 'START':
    case 'RUNNING':
      return 'running';
    default:
      return 'unknown';
  }
}

export function freshnessStatus(status: string | undefined): HealthStatus {
  switch (status?.toLowerCase()) {
    case 'fresh':
      return 'ok';
    case 'warning':
      return 'warning';
    case 'stale':
      return 'failing';
    default:
      return 'unknown';
  }
}

/**
 * The collector's verdict when the frame carries one (it knows the dataset's SLA minimum pass
 * ratio); otherwise every check passing is healthy and any failing check fails the dataset, as
 * with the collector's default SLA.
 */
export function qualityStatus(node: Pick<LineageNode, 'qualityPassRatio' | 'qualityStatus' | 'failingChecks'>): HealthStatus {
  switch (node.qualityStatus) {
    case 'healthy':
      return 'ok';
    case 'warning':
      return 'warning';
    case 'failing':
      return 'failing';
  }
  if (node.qualityPassRatio === undefined) {
    return node.failingChecks.length > 0 ? 'failing' : 'unknown';
  }
  return node.qualityPassRatio >= 1 ? 'ok' : 'failing';
}

/** A node's status from its own details alone (jobs for run state, datasets for freshness and quality). */
export function ownStatus(node: LineageNode, colorBy: ColorBy): HealthStatus {
  switch (colorBy) {
    case 'runState':
      return node.kind === 'dataset' ? 'unknown' : runStateStatus(node.lastRunState);
    case 'freshness':
      return node.kind === 'job' ? 'unknown' : freshnessStatus(node.freshnessStatus);
    case 'quality':
      return node.kind === 'job' ? 'unknown' : qualityStatus(node);
  }
}

/** Each node's status (by index), borrowing from neighbours where the measure is not its own. */
export function nodeStatuses(graph: LineageGraph, colorBy: ColorBy): HealthStatus[] {
  const own = graph.nodes.map((node) => ownStatus(node, colorBy));
  return graph.nodes.map((node, index) => {
    const borrows = (colorBy === 'runState' && node.kind === 'dataset') || (colorBy !== 'runState' && node.kind === 'job');
    if (!borrows) {
      return own[index];
    }
    // Datasets look at the jobs writing them; jobs at the datasets they write.
    const neighbours = colorBy === 'runState' ? graph.in[index] : graph.out[index];
    let status: HealthStatus = 'unknown';
    for (const other of neighbours) {
      if (graph.nodes[other].kind !== node.kind) {
        status = worse(status, own[other]);
      }
    }
    return status;
  });
}

/** Health colours from the Grafana theme, so they read right in dark and light. */
export function healthColors(theme: GrafanaTheme2): Record<HealthStatus, string> {
  return {
    ok: theme.colors.success.main,
    warning: theme.colors.warning.main,
    failing: theme.colors.error.main,
    running: theme.visualization.getColorByName('blue'),
    unknown: theme.colors.text.disabled,
  };
}

/** The colour a node's health shows: its status, else the frame's own colour, else unknown. */
export function statusColor(theme: GrafanaTheme2, colors: Record<HealthStatus, string>, status: HealthStatus, node: LineageNode): string {
  if (status === 'unknown' && node.color) {
    return theme.visualization.getColorByName(node.color);
  }
  return colors[status];
}

const labels: Record<ColorBy, Partial<Record<HealthStatus, string>>> = {
  freshness: { ok: 'Fresh', warning: 'Near its SLA', failing: 'Stale: SLA missed', unknown: 'No SLA or never seen' },
  quality: { ok: 'All checks pass', failing: 'Checks failing', unknown: 'No checks' },
  runState: { ok: 'Last run succeeded', running: 'Running', failing: 'Last run failed', unknown: 'No runs' },
};

export const colorByNames: Record<ColorBy, string> = { freshness: 'Freshness', quality: 'Quality', runState: 'Run state' };

/** What each colour means when colouring by `colorBy`, in legend order. */
export function legendEntries(colorBy: ColorBy): Array<{ status: HealthStatus; label: string }> {
  return healthStatuses.filter((status) => labels[colorBy][status] !== undefined).map((status) => ({ status, label: labels[colorBy][status] as string }));
}

export const borrowedNote: Record<ColorBy, string> = {
  freshness: 'Jobs show the worst freshness of what they write.',
  quality: 'Jobs show the worst quality of what they write.',
  runState: 'Datasets show the worst latest run of the jobs writing them.',
};

export const statusLabel = (colorBy: ColorBy, status: HealthStatus) => labels[colorBy][status] ?? status;
