import type { FrameFieldConfig } from '../../contract/frames';
import type { RunState } from '../../contract/query';

/** How run states look wherever a frame shows them: one colour per state, the same in every panel. */
export const runStateColors: Record<RunState, string> = {
  COMPLETE: 'green',
  FAIL: 'red',
  ABORT: 'orange',
  RUNNING: 'blue',
  START: 'blue',
  OTHER: 'text',
};

export const runStates: readonly RunState[] = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'];

/** Grafana value mappings colouring a state column. */
export const runStateFieldConfig: FrameFieldConfig = {
  displayName: 'State',
  mappings: [
    {
      type: 'value',
      options: Object.fromEntries(
        Object.entries(runStateColors).map(([state, color], index) => [state, { color, index, text: state }]),
      ),
    },
  ],
  custom: { cellOptions: { type: 'color-text' } },
};

interface RunTimes {
  started_at: number | null;
  ended_at: number | null;
  first_event_time: number;
}

/** When a run began: its START event, else its first event of any kind. */
export const runStart = (run: RunTimes): number => Number(run.started_at ?? run.first_event_time);

/** How long a finished run took, ms; unknown (null) until it has both a start and an end. */
export const runDurationMs = (run: RunTimes): number | null =>
  run.started_at === null || run.ended_at === null ? null : Math.max(0, Number(run.ended_at) - Number(run.started_at));

/** `4m 12s`, `1h 3m`, `850 ms`: durations in messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${minutes % 60}m`;
}

/** A nullable number column as it comes from either database (PostgreSQL answers bigint sums as strings). */
export const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
