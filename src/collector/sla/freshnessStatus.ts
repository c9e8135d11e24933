import type { FreshnessStatus } from '../../contract/query';
import { formatDuration } from './durations';
import { type ExpectedSchedule, latestDueTime } from './expectedSchedule';
import type { EffectiveSla } from './slaResolver';

/**
 * Freshness, as a pure function of the last successful update, the SLA and the time now.
 *
 * - no SLA (no thresholds, no schedule), or never updated: `unknown`;
 * - age thresholds: `stale` once the age exceeds criticalAfter, `warning` once it exceeds warnAfter;
 * - expected schedule: `stale` once a scheduled time + grace has passed with no update since that
 *   scheduled time (`warning` likewise after warnGrace, when set);
 * - both: the worse of the two.
 *
 * The effective thresholds are also answered as ages in seconds at `now`, so that "age > critical"
 * holds exactly when the dataset is stale, whether the SLA is an age or a schedule. That is what
 * /metrics exports beside the last update time so one alert rule covers every dataset.
 */
export interface FreshnessVerdict {
  status: FreshnessStatus;
  /** seconds since the last update; null when never updated */
  ageSeconds: number | null;
  /** the age in seconds beyond which the dataset is "warning" at `now`; null when none applies */
  warnAfterSeconds: number | null;
  /** the age in seconds beyond which it is "stale" at `now`; null when none applies */
  criticalAfterSeconds: number | null;
  /** schedule SLAs: the scheduled time (epoch ms) the data must be newer than, i.e. the last one whose grace has passed */
  dueSince?: number;
  /** one sentence for people: why this status */
  reason: string;
}

export type FreshnessSla = Pick<EffectiveSla, 'warnAfterSeconds' | 'criticalAfterSeconds' | 'schedule'>;

/** Remembers schedule look-ups within one evaluation pass (many datasets share a schedule and `now`). */
export type ScheduleMemo = Map<string, number | undefined>;
export const createScheduleMemo = (): ScheduleMemo => new Map();

const statusRank: Record<FreshnessStatus, number> = { unknown: -1, fresh: 0, warning: 1, stale: 2 };
/** The numeric encoding used by /metrics: 0 fresh, 1 warning, 2 stale, -1 unknown. */
export const freshnessStatusValue = (status: FreshnessStatus): number => statusRank[status];

export function evaluateFreshness(
  lastUpdate: number | null | undefined,
  sla: FreshnessSla,
  now: number,
  memo?: ScheduleMemo,
): FreshnessVerdict {
  const hasUpdate = lastUpdate !== null && lastUpdate !== undefined && Number.isFinite(lastUpdate);
  const ageSeconds = hasUpdate ? Math.max(0, (now - (lastUpdate as number)) / 1000) : null;

  let warn = sla.warnAfterSeconds ?? null;
  let critical = sla.criticalAfterSeconds ?? null;
  let dueSince: number | undefined;
  if (sla.schedule) {
    dueSince = dueTime(sla.schedule, sla.schedule.graceSeconds, now, memo);
    if (dueSince !== undefined) critical = minOf(critical, Math.max(0, (now - dueSince) / 1000));
    if (sla.schedule.warnGraceSeconds !== undefined) {
      const warnDue = dueTime(sla.schedule, sla.schedule.warnGraceSeconds, now, memo);
      if (warnDue !== undefined) warn = minOf(warn, Math.max(0, (now - warnDue) / 1000));
    }
  }
  // A warning threshold beyond the critical one never shows: stale comes first.
  if (warn !== null && critical !== null && warn > critical) warn = critical;

  let status: FreshnessStatus;
  let reason: string;
  if (warn === null && critical === null && !sla.schedule) {
    status = 'unknown';
    reason = 'no freshness SLA applies to this dataset';
  } else if (ageSeconds === null) {
    status = 'unknown';
    reason = 'no successful update has been recorded';
  } else if (critical !== null && ageSeconds > critical) {
    status = 'stale';
    const missedDue = dueSince !== undefined && (lastUpdate as number) < dueSince ? dueSince : undefined;
    reason = staleReason(sla.schedule, missedDue, ageSeconds, critical);
  } else if (warn !== null && ageSeconds > warn) {
    status = 'warning';
    reason = `age ${formatDuration(ageSeconds)} is past the warning threshold of ${formatDuration(warn)}`;
  } else {
    status = 'fresh';
    reason = 'updated within its SLA';
  }
  // One object shape for every verdict (dueSince only for schedules): cheap for 10,000 datasets.
  return dueSince === undefined
    ? { status, ageSeconds, warnAfterSeconds: warn, criticalAfterSeconds: critical, reason }
    : { status, ageSeconds, warnAfterSeconds: warn, criticalAfterSeconds: critical, dueSince, reason };
}

/** The worse of two statuses (stale > warning > fresh > unknown). */
export const worseStatus = (a: FreshnessStatus, b: FreshnessStatus): FreshnessStatus => (statusRank[a] >= statusRank[b] ? a : b);

function staleReason(schedule: ExpectedSchedule | undefined, missedDue: number | undefined, age: number, critical: number): string {
  if (schedule && missedDue !== undefined) {
    return `no update since the run scheduled for ${new Date(missedDue).toISOString()} (cron "${schedule.cron}" ${schedule.timezone}, grace ${formatDuration(schedule.graceSeconds)})`;
  }
  return `age ${formatDuration(age)} is past the critical threshold of ${formatDuration(critical)}`;
}

function dueTime(schedule: ExpectedSchedule, graceSeconds: number, now: number, memo?: ScheduleMemo): number | undefined {
  if (!memo) return latestDueTime(schedule, graceSeconds, now);
  const key = `${schedule.cron}|${schedule.timezone}|${graceSeconds}|${now}`;
  if (memo.has(key)) return memo.get(key);
  const due = latestDueTime(schedule, graceSeconds, now);
  memo.set(key, due);
  return due;
}

const minOf = (a: number | null, b: number): number => (a === null ? b : Math.min(a, b));
