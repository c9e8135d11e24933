import { CronExpressionParser } from 'cron-parser';

/** A cron schedule a dataset is expected to be refreshed on, or a job expected to run on. */
export interface ExpectedSchedule {
  /** five-field cron (minute hour day-of-month month day-of-week) or @hourly, @daily, @weekly, @monthly, @yearly */
  cron: string;
  /** IANA time zone the cron expression is read in; UTC by default */
  timezone: string;
  /** how long after a scheduled time the update (or run) may arrive before it counts as missed */
  graceSeconds: number;
  /** optional: after this long without the update the dataset is already "warning" (less than grace) */
  warnGraceSeconds?: number;
}

const macros = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly']);

/** Why a cron expression or time zone is unusable, or undefined when it is fine. */
export function cronProblem(cron: string, timezone = 'UTC'): string | undefined {
  const trimmed = cron.trim();
  if (!macros.has(trimmed)) {
    const fields = trimmed.split(/\s+/).filter(Boolean);
    if (fields.length !== 5) {
      return `"${cron}" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or @hourly, @daily, @weekly, @monthly`;
    }
  }
  const zoneProblem = timezoneProblem(timezone);
  if (zoneProblem) return zoneProblem;
  try {
    const expression = CronExpressionParser.parse(trimmed, { tz: timezone, currentDate: new Date() });
    expression.prev();
  } catch (error) {
    return `"${cron}" is not a valid cron expression: ${(error as Error).message}`;
  }
  return undefined;
}

export function timezoneProblem(timezone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return undefined;
  } catch {
    return `"${timezone}" is not an IANA time zone like UTC or Europe/Berlin`;
  }
}

/** The latest scheduled time at or before `at` (epoch ms), or undefined if the schedule never fired before. */
export function latestScheduledTime(schedule: Pick<ExpectedSchedule, 'cron' | 'timezone'>, at: number): number | undefined {
  // prev() is strictly before currentDate: step one millisecond past `at` so a tick exactly at `at` counts.
  const expression = CronExpressionParser.parse(schedule.cron.trim(), { tz: schedule.timezone, currentDate: new Date(at + 1) });
  if (!expression.hasPrev()) return undefined;
  return expression.prev().getTime();
}

/**
 * The scheduled time whose deadline (time + grace) has most recently passed at `now`: an update
 * older than this means the refresh for that time was missed.
 */
export function latestDueTime(schedule: Pick<ExpectedSchedule, 'cron' | 'timezone'>, graceSeconds: number, now: number): number | undefined {
  return latestScheduledTime(schedule, now - graceSeconds * 1000);
}
