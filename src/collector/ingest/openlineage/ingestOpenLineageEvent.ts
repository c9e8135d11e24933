import type { IngestEnvelope } from '../../model/observations';
import { InvalidDocumentError } from '../../model/validationError';
import { normalizeOpenLineageEvent } from './normalizeOpenLineageEvent';
import { validateOpenLineageEvent } from './validateOpenLineageEvent';

/**
 * One received OpenLineage event (the parsed JSON body of POST /api/v1/lineage, or one item
 * of a batch) → IngestEnvelope. Throws InvalidDocumentError naming every problem by its
 * JSON path when the event is not a valid OpenLineage 2-0-2 RunEvent, DatasetEvent or JobEvent.
 */
export function ingestOpenLineageEvent(body: unknown): IngestEnvelope {
  const result = validateOpenLineageEvent(body);
  if (!result.ok) throw new InvalidDocumentError(result.problems);
  return normalizeOpenLineageEvent(result.event, result.kind);
}
