import { IngestEnvelope } from '../../model/observations';
import { detectDltPayload } from './detectDltPayload';
import { DltNormalizeOptions, normalizeDltLoadInfo } from './normalizeDltLoadInfo';
import { normalizeDltTrace } from './normalizeDltTrace';

export type { DltNormalizeOptions } from './normalizeDltLoadInfo';

/**
 * A dlt document → one IngestEnvelope: the JSON of `load_info.asdict()` or of
 * `pipeline.last_trace.asdict()`, told apart by their keys (anything else is refused, naming what was
 * expected). Throws InvalidDocumentError naming the JSON pointer of every wrong field.
 */
export function normalizeDltPayload(body: unknown, options: DltNormalizeOptions = {}): IngestEnvelope {
  const payload = detectDltPayload(body);
  return payload.kind === 'trace'
    ? normalizeDltTrace(payload.document, body, options)
    : normalizeDltLoadInfo(payload.document, body, options);
}
