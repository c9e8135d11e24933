import type { FreshnessStatus } from '../../../contract/query';

/**
 * Health on lineage nodes. Jobs: by their latest run's state. Datasets: by freshness against
 * their SLA and by the pass ratio of the latest result of each quality check. The node graph
 * draws health as arcs (`arc__<level>`, fractions summing to 1) around each node.
 */
export type HealthLevel = 'healthy' | 'warning' | 'failing' | 'running' | 'unknown';

export const healthLevels: readonly HealthLevel[] = ['healthy', 'warning', 'failing', 'running', 'unknown'];

/** Grafana colour names (its palette), or CSS colours where the palette has none. */
export const healthColors: Record<HealthLevel, string> = {
  healthy: 'green',
  warning: 'orange',
  failing: 'red',
  running: 'blue',
  unknown: '#8e8e8e',
};

export const healthLabels: Record<HealthLevel, string> = {
  healthy: 'Healthy',
  warning: 'Warning',
  failing: 'Failing',
  running: 'Running',
  unknown: 'Unknown',
};

export interface NodeHealth {
  level: HealthLevel;
  /** sums to 1 */
  arcs: Record<HealthLevel, number>;
  /** why, in a few words: "latest run FAIL", "stale, 2 of 5 checks failing" */
  reason: string;
}

const zeroArcs = (): Record<HealthLevel, number> => ({ healthy: 0, warning: 0, failing: 0, running: 0, unknown: 0 });

const severity: Record<HealthLevel, number> = { unknown: 0, healthy: 1, running: 2, warning: 3, failing: 4 };
/** The worse of two levels; `unknown` only when nothing is known. */
export const worseOf = (a: HealthLevel, b: HealthLevel): HealthLevel => (severity[a] >= severity[b] ? a : b);

function single(level: HealthLevel, reason: string): NodeHealth {
  const arcs = zeroArcs();
  arcs[level] = 1;
  return { level, arcs, reason };
}

export function jobHealth(latestRunState: string | null): NodeHealth {
  switch (latestRunState) {
    case 'COMPLETE':
      return single('healthy', 'latest run COMPLETE');
    case 'FAIL':
    case 'ABORT':
      return single('failing', `latest run ${latestRunState}`);
    case 'START':
    case 'RUNNING':
      return single('running', `latest run ${latestRunState}`);
    case null:
      return single('unknown', 'no runs seen');
    default:
      return single('unknown', `latest run ${latestRunState}`);
  }
}

const freshnessLevel: Record<FreshnessStatus, HealthLevel> = {
  fresh: 'healthy',
  warning: 'warning',
  stale: 'failing',
  unknown: 'unknown',
};

export interface QualityRatio {
  passed: number;
  total: number;
}

/**
 * The quality verdict alone: failing below the SLA's minimum pass ratio, warning below every
 * check passing, healthy when all pass; null without checks. Sent to the panel beside the
 * ratio (detail__quality_status) so that it colours by the same thresholds.
 */
export function qualityLevel(quality: QualityRatio | null, minPassRatio = 1): HealthLevel | null {
  if (quality === null || quality.total === 0) return null;
  const ratio = quality.passed / quality.total;
  return ratio < minPassRatio ? 'failing' : ratio < 1 ? 'warning' : 'healthy';
}

/**
 * A dataset's health. With both freshness and quality known, each draws half the circle
 * (quality split into its passing and failing shares); with one known, it draws all of it;
 * with neither (no SLA, no checks) the node is unknown. A pass ratio below the SLA's minimum
 * (default: every check passes) is failing.
 */
export function datasetHealth(freshness: FreshnessStatus, quality: QualityRatio | null, minPassRatio = 1): NodeHealth {
  const hasQuality = quality !== null && quality.total > 0;
  const freshnessKnown = freshness !== 'unknown';
  if (!freshnessKnown && !hasQuality) return single('unknown', 'no freshness SLA and no quality checks');

  const arcs = zeroArcs();
  const reasons: string[] = [];
  let level: HealthLevel = 'unknown';
  const freshnessShare = freshnessKnown ? (hasQuality ? 0.5 : 1) : 0;
  if (freshnessKnown) {
    arcs[freshnessLevel[freshness]] += freshnessShare;
    level = worseOf(level, freshnessLevel[freshness]);
    reasons.push(freshness);
  }
  if (hasQuality) {
    const share = 1 - freshnessShare;
    const ratio = quality.passed / quality.total;
    const failingShare = share * (1 - ratio);
    arcs.healthy += share - failingShare;
    arcs.failing += failingShare;
    level = worseOf(level, qualityLevel(quality, minPassRatio) as HealthLevel);
    reasons.push(
      quality.passed === quality.total
        ? `${quality.total} checks passing`
        : `${quality.total - quality.passed} of ${quality.total} checks failing`,
    );
  }
  return { level, arcs: normalizeArcs(arcs), reason: reasons.join(', ') };
}

/** Rounds to 6 decimals and gives the rounding remainder to the largest share, so arcs sum to 1. */
export function normalizeArcs(arcs: Record<HealthLevel, number>): Record<HealthLevel, number> {
  const out = zeroArcs();
  let largest: HealthLevel = 'unknown';
  let sum = 0;
  for (const level of healthLevels) {
    out[level] = Math.round(arcs[level] * 1e6) / 1e6;
    sum += out[level];
    if (out[level] > out[largest]) largest = level;
  }
  out[largest] = Math.round((out[largest] + 1 - sum) * 1e6) / 1e6;
  return out;
}

/** `45s`, `12m`, `3h 20m`, `2d 4h` */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}
