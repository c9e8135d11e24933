import type { RunEventType } from '../model/observations';

/**
 * How far along a run an event type is. Events arrive out of order (COMPLETE before START,
 * late RUNNING updates); a run's state only moves to a higher rank, or to a later event of the
 * same rank. OTHER carries metadata and never changes the state of a run already seen.
 */
export const runStateRank: Record<RunEventType, number> = {
  OTHER: 0,
  START: 1,
  RUNNING: 2,
  COMPLETE: 3,
  FAIL: 3,
  ABORT: 3,
};

export const isTerminalState = (state: string): boolean => state === 'COMPLETE' || state === 'FAIL' || state === 'ABORT';
