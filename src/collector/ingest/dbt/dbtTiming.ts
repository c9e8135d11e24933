import { DocumentChecks, pointer } from './documentChecks';

/** One phase of a dbt node's execution (`compile`, `execute`), in epoch milliseconds. */
export interface DbtTimingPhase {
  name: string;
  startedAt?: number;
  completedAt?: number;
}

export interface DbtTiming {
  /** earliest started_at over the phases */
  startedAt?: number;
  /** latest completed_at over the phases */
  completedAt?: number;
  phases: DbtTimingPhase[];
}

/**
 * Reads a result's `timing` array (`[{name, started_at, completed_at}]`, times may be null) and
 * spans it: the node ran from its first phase's start to its last phase's end. Skipped nodes have `[]`.
 */
export function readDbtTiming(value: unknown, path: string, checks: DocumentChecks): DbtTiming {
  const entries = checks.array(value, path) ?? [];
  const phases: DbtTimingPhase[] = [];
  entries.forEach((entry, index) => {
    const entryPath = pointer(path, index);
    const object = checks.object(entry, entryPath);
    if (!object) return;
    const name = checks.string(object.name, pointer(entryPath, 'name'));
    const startedAt = checks.timestamp(object.started_at, pointer(entryPath, 'started_at'), { optional: true, nullable: true });
    const completedAt = checks.timestamp(object.completed_at, pointer(entryPath, 'completed_at'), { optional: true, nullable: true });
    if (startedAt !== undefined && completedAt !== undefined && completedAt < startedAt) {
      checks.add(pointer(entryPath, 'completed_at'), 'must not be before started_at');
      return;
    }
    if (name !== undefined) phases.push({ name, startedAt, completedAt });
  });
  return { ...spanOf(phases.map((p) => ({ startedAt: p.startedAt, completedAt: p.completedAt }))), phases };
}

/** The span covering several timed things: earliest start, latest end (either may be unknown). */
export function spanOf(items: Array<{ startedAt?: number; completedAt?: number }>): { startedAt?: number; completedAt?: number } {
  let startedAt: number | undefined;
  let completedAt: number | undefined;
  for (const item of items) {
    if (item.startedAt !== undefined && (startedAt === undefined || item.startedAt < startedAt)) startedAt = item.startedAt;
    if (item.completedAt !== undefined && (completedAt === undefined || item.completedAt > completedAt)) completedAt = item.completedAt;
  }
  return { startedAt, completedAt };
}
