/**
 * Is this run's row count unusual for this dataset? Compared with the dataset's own previous runs
 * only, using a robust z-score on log(rows + 1): median and MAD (median absolute deviation) shrug
 * off the odd outlier in the history, and logs make a 10× spike and a 10× drop equally far.
 *
 *   z = 0.6745 · (log1p(rows) − median) / max(MAD, minMad)
 *
 * An anomaly when |z| > 3.5 (Iglewicz & Hoaglin's cut-off), or when the rows fall below half the
 * median of the history (a drop that matters even in a noisy history). Without at least
 * `minHistory` previous runs there is no verdict: a new dataset is never an anomaly.
 * `minMad` keeps a perfectly constant history from flagging every tiny change: with the default
 * 0.05, a constant table needs to change by about 30% before it counts.
 */
export interface VolumeAnomalyOptions {
  /** previous runs needed for a verdict */
  minHistory: number;
  /** |z| above this is an anomaly */
  zThreshold: number;
  /** rows below this fraction of the history's median are an anomaly */
  dropRatio: number;
  /** floor for the MAD in log space */
  minMad: number;
}

export const defaultVolumeAnomalyOptions: VolumeAnomalyOptions = { minHistory: 5, zThreshold: 3.5, dropRatio: 0.5, minMad: 0.05 };

/** How many previous runs form the history. */
export const volumeHistoryRuns = 20;

export type VolumeAnomalyKind = 'spike' | 'drop';

export interface VolumeVerdict {
  anomaly: boolean;
  kind?: VolumeAnomalyKind;
  /** robust z-score; null without enough history */
  zScore: number | null;
  /** median rows of the history; null without enough history */
  baseline: number | null;
  historySize: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `history` are the previous runs' row counts (any order); `rows` is this run's. */
export function volumeAnomaly(
  rows: number,
  history: readonly number[],
  options: VolumeAnomalyOptions = defaultVolumeAnomalyOptions,
): VolumeVerdict {
  const usable = history.filter((value) => Number.isFinite(value) && value >= 0);
  if (usable.length < options.minHistory || !Number.isFinite(rows) || rows < 0) {
    return { anomaly: false, zScore: null, baseline: null, historySize: usable.length };
  }
  const logs = usable.map((value) => Math.log1p(value));
  const center = median(logs);
  const mad = median(logs.map((value) => Math.abs(value - center)));
  const zScore = (0.6745 * (Math.log1p(rows) - center)) / Math.max(mad, options.minMad);
  const baseline = median(usable);
  const dropped = rows < options.dropRatio * baseline;
  let kind: VolumeAnomalyKind | undefined;
  if (dropped || zScore < -options.zThreshold) kind = 'drop';
  else if (zScore > options.zThreshold) kind = 'spike';
  return { anomaly: kind !== undefined, ...(kind ? { kind } : {}), zScore, baseline, historySize: usable.length };
}

/**
 * Verdicts for a dataset's runs in time order: each run is judged against up to `historyRuns`
 * runs before it. Returns one verdict per run, in the same order.
 */
export function volumeAnomalies(
  rowsInTimeOrder: readonly number[],
  historyRuns = volumeHistoryRuns,
  options: VolumeAnomalyOptions = defaultVolumeAnomalyOptions,
): VolumeVerdict[] {
  return rowsInTimeOrder.map((rows, index) =>
    volumeAnomaly(rows, rowsInTimeOrder.slice(Math.max(0, index - historyRuns), index), options),
  );
}
