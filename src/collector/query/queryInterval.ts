import { QueryError } from './queryContext';

const minute = 60_000;
const day = 24 * 60 * minute;

/** Bucket sizes aggregations use: 1m, 5m, 15m, 1h, 6h, 1d, then whole days. */
export const niceIntervalsMs = [minute, 5 * minute, 15 * minute, 60 * minute, 6 * 60 * minute, day];

/** Without maxDataPoints, a range is cut into about this many buckets. */
export const defaultDataPoints = 100;
/** A query never asks for more buckets than this, whatever intervalMs says. */
export const maxBuckets = 11_000;

/** The smallest nice bucket at least `ms` long. */
export function roundUpToNiceInterval(ms: number): number {
  const nice = niceIntervalsMs.find((candidate) => candidate >= ms);
  return nice ?? Math.ceil(ms / day) * day;
}

/**
 * The bucket size for a range: the request's intervalMs, or the range divided by maxDataPoints,
 * rounded up to a nice bucket, and never so small that the range holds more than maxBuckets.
 */
export function queryIntervalMs(
  range: { from: number; to: number },
  request: { intervalMs?: unknown; maxDataPoints?: unknown },
): number {
  const span = Math.max(range.to - range.from, 1);
  if (request.intervalMs !== undefined && !(typeof request.intervalMs === 'number' && request.intervalMs > 0 && Number.isFinite(request.intervalMs))) {
    throw new QueryError('intervalMs', 'must be a positive number of milliseconds');
  }
  if (
    request.maxDataPoints !== undefined &&
    !(typeof request.maxDataPoints === 'number' && Number.isInteger(request.maxDataPoints) && request.maxDataPoints > 0)
  ) {
    throw new QueryError('maxDataPoints', 'must be a positive integer');
  }
  const wanted = (request.intervalMs as number | undefined) ?? span / ((request.maxDataPoints as number | undefined) ?? defaultDataPoints);
  return roundUpToNiceInterval(Math.max(wanted, span / maxBuckets));
}
