export { ingestOpenLineageEvent } from './ingestOpenLineageEvent';
export { normalizeOpenLineageEvent, normalizeRunId } from './normalizeOpenLineageEvent';
export {
  EVENT_TYPES,
  precompileOpenLineageValidators,
  validateOpenLineageEvent,
  type OpenLineageValidation,
} from './validateOpenLineageEvent';
export { openLineageEventKind } from './eventKind';
export { orchestratorOf, DEFAULT_ORCHESTRATOR } from './orchestrator';
export { loadOpenLineageSchemas, type FacetLocation, type StandardFacet } from './schemas';
export type { OpenLineageEvent, OpenLineageEventKind } from './types';
