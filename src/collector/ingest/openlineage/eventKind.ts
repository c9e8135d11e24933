import type { OpenLineageEventKind } from './types';

/**
 * Which kind of OpenLineage event a body is meant to be:
 * - `run` or `eventType` present: RunEvent (so a RunEvent that lost its `run` is told so,
 *   instead of passing as a JobEvent that silently drops its eventType);
 * - else `dataset`: DatasetEvent;
 * - else `job`: JobEvent;
 * - else none.
 */
export function openLineageEventKind(body: Record<string, unknown>): OpenLineageEventKind | undefined {
  if (body.run !== undefined || body.eventType !== undefined) return 'RunEvent';
  if (body.dataset !== undefined) return 'DatasetEvent';
  if (body.job !== undefined) return 'JobEvent';
  return undefined;
}
