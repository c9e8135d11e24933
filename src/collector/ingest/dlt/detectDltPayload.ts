import { invalid } from '../../model/validationError';
import { isJsonObject, JsonObject } from '../dbt/documentChecks';

/**
 * Which dlt document a body is, told by its keys:
 * - `pipeline.last_trace.asdict()`: `transaction_id`, `pipeline_name`, `steps`;
 * - `load_info.asdict()` (what `pipeline.run()` and `pipeline.load()` return): `pipeline`, `loads_ids`,
 *   `load_packages` and the destination (`destination_name` / `destination_type` / `dataset_name`).
 * Anything else is refused with an error saying what was expected; extract and normalize step infos (which
 * share `load_packages` but know no destination) are named as such.
 */

export type DltPayload = { kind: 'trace'; document: JsonObject } | { kind: 'load_info'; document: JsonObject };

const EXPECTED =
  'must be the JSON of a dlt load_info.asdict() (keys pipeline, loads_ids, load_packages, destination_name, dataset_name) ' +
  'or of pipeline.last_trace.asdict() (keys transaction_id, pipeline_name, steps)';

export function detectDltPayload(body: unknown): DltPayload {
  if (!isJsonObject(body)) {
    throw invalid('', `${EXPECTED}; got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}`);
  }
  if ('transaction_id' in body && 'steps' in body) {
    return { kind: 'trace', document: body };
  }
  if ('load_packages' in body && ('loads_ids' in body || 'pipeline' in body)) {
    if ('destination_name' in body || 'destination_type' in body || 'dataset_name' in body) {
      return { kind: 'load_info', document: body };
    }
    throw invalid(
      '',
      `${EXPECTED}; this looks like the info of an extract or normalize step, which does not say where the data went. ` +
        'Send what pipeline.run() returned, or pipeline.last_trace.asdict()',
    );
  }
  const keys = Object.keys(body).slice(0, 8);
  throw invalid('', `${EXPECTED}; got an object with keys ${keys.length ? keys.join(', ') : '(none)'}`);
}
