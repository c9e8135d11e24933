import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldProblem } from '../../model/validationError';
import { capProblems, problemsFromAjv } from './ajvProblems';
import { openLineageEventKind } from './eventKind';
import { parseIsoTimestamp } from '../../model/isoTimestamp';
import {
  type FacetLocation,
  type JsonSchemaDocument,
  type OpenLineageSchemas,
  loadOpenLineageSchemas,
} from './schemas';
import type { OpenLineageEvent, OpenLineageEventKind } from './types';

export { openLineageEventKind };

/**
 * Validation of one OpenLineage 2-0-2 event against the official schemas.
 *
 * The spec's root schema is a oneOf over RunEvent, DatasetEvent and JobEvent, whose errors
 * say nothing useful, so the kind is decided first (openLineageEventKind) and the event is
 * validated against that kind only.
 *
 * Facets are validated in the same pass. At startup a copy of the core schema is derived
 * (own $id) in which each facets map (run.facets, job.facets, dataset facets, inputFacets,
 * outputFacets) lists every standard facet key of that location with a $ref to its official
 * facet schema; any other key is a custom facet and only has to be an object. Everything
 * else is the official core schema unchanged. So a bad standard facet is reported at its own
 * path (`/run/facets/parent/run/runId`) and each event is walked once.
 *
 * Job and dataset facets marked `_deleted: true` (the spec's way to delete a facet) are
 * only required to be objects.
 *
 * Tagged unions in the facet schemas (a oneOf whose branches each fix a `type` by const or
 * enum: subset conditions, lineage entries and inputs) get Ajv's `discriminator` added in
 * memory (the vendored files stay byte-identical). Equivalent for validation, since the tag
 * values are unique, but a bad branch is reported by its own errors instead of every branch's.
 */

export type OpenLineageValidation =
  | { ok: true; kind: OpenLineageEventKind; event: OpenLineageEvent }
  | { ok: false; kind?: OpenLineageEventKind; problems: FieldProblem[] };

export const EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const;

/** The $id of the derived schema (the official core with facet maps bound to the facet schemas). */
export const INGEST_SCHEMA_ID = 'urn:pipeline-pane:openlineage:2-0-2:ingest';

const FACET_CONTAINERS: Record<FacetLocation, { def: string; at: string[]; property: string; deletable: boolean }> = {
  run: { def: 'RunFacets', at: ['Run'], property: 'facets', deletable: false },
  job: { def: 'JobFacets', at: ['Job'], property: 'facets', deletable: true },
  dataset: { def: 'DatasetFacets', at: ['Dataset'], property: 'facets', deletable: true },
  inputDataset: { def: 'InputDatasetFacets', at: ['InputDataset', 'allOf'], property: 'inputFacets', deletable: false },
  outputDataset: { def: 'OutputDatasetFacets', at: ['OutputDataset', 'allOf'], property: 'outputFacets', deletable: false },
};

interface Validators {
  ajv: Ajv2020;
  byKind: Record<OpenLineageEventKind, ValidateFunction>;
}

let compiled: Validators | undefined;

/** Compiles the validators (once per process); call at startup to keep it off the first request. */
export function precompileOpenLineageValidators(): void {
  validators();
}

function validators(): Validators {
  if (compiled) return compiled;
  const schemas = loadOpenLineageSchemas();
  // verbose: errors carry their schema, so a discriminator error can list the allowed tags.
  const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true, verbose: true });
  addFormats(ajv);
  ajv.addSchema(schemas.core as object);
  for (const facetSchema of schemas.facets.values()) ajv.addSchema(withDiscriminators(facetSchema) as object);
  ajv.addSchema(buildIngestSchema(schemas) as object);
  const compile = (kind: OpenLineageEventKind) => ajv.compile({ $ref: `${INGEST_SCHEMA_ID}#/$defs/${kind}` });
  compiled = {
    ajv,
    byKind: { RunEvent: compile('RunEvent'), DatasetEvent: compile('DatasetEvent'), JobEvent: compile('JobEvent') },
  };
  return compiled;
}

/**
 * The official core schema with each facets map bound to the standard facet schemas of its
 * location. Throws if the vendored core no longer has the shape this relies on.
 */
export function buildIngestSchema(schemas: OpenLineageSchemas): JsonSchemaDocument {
  const derived = structuredClone(schemas.core);
  derived.$id = INGEST_SCHEMA_ID;
  delete derived.oneOf;
  const defs = derived.$defs;
  if (!defs) throw new Error('OpenLineage core schema has no $defs');
  for (const [location, container] of Object.entries(FACET_CONTAINERS) as Array<[FacetLocation, (typeof FACET_CONTAINERS)[FacetLocation]]>) {
    const holder = findPropertiesHolding(defs, container.at, container.property);
    const properties: Record<string, unknown> = {};
    for (const facet of schemas.standardFacets) {
      if (facet.location !== location) continue;
      properties[facet.key] = container.deletable
        ? {
            if: { properties: { _deleted: { const: true } }, required: ['_deleted'] },
            then: { type: 'object' },
            else: { $ref: facet.ref },
          }
        : { $ref: facet.ref };
    }
    defs[container.def] = {
      description: `${location} facets: standard ones checked against their schemas, custom ones only need to be objects`,
      type: 'object',
      properties,
      additionalProperties: { type: 'object' },
    };
    holder[container.property] = { $ref: `#/$defs/${container.def}` };
  }
  return derived;
}

/**
 * A copy of a schema document where each oneOf that is a tagged union gets
 * `discriminator: { propertyName, allowed }`: every branch (inline or a local $ref) has the
 * property with a string const or enum, requires it, and no tag value repeats.
 */
export function withDiscriminators(doc: JsonSchemaDocument): JsonSchemaDocument {
  const copy = structuredClone(doc);
  const resolve = (branch: Record<string, unknown>): Record<string, unknown> | undefined => {
    const ref = branch.$ref;
    if (ref === undefined) return branch;
    return typeof ref === 'string' && ref.startsWith('#/$defs/') ? copy.$defs?.[ref.slice('#/$defs/'.length)] : undefined;
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Record<string, unknown>;
    if (Array.isArray(schema.oneOf) && schema.discriminator === undefined) {
      const tag = taggedUnion(schema.oneOf.map((b) => resolve(b as Record<string, unknown>)));
      if (tag) schema.discriminator = tag;
    }
    for (const value of Object.values(schema)) visit(value);
  };
  visit(copy);
  return copy;
}

function taggedUnion(
  branches: Array<Record<string, unknown> | undefined>,
): { propertyName: string; allowed: string[] } | undefined {
  if (branches.length < 2 || branches.some((b) => !b)) return undefined;
  const first = branches[0]!.properties as Record<string, Record<string, unknown>> | undefined;
  for (const propertyName of Object.keys(first ?? {})) {
    const allowed: string[] = [];
    const ok = branches.every((b) => {
      const prop = (b!.properties as Record<string, Record<string, unknown>> | undefined)?.[propertyName];
      const required = Array.isArray(b!.required) && b!.required.includes(propertyName);
      const values = prop?.const !== undefined ? [prop.const] : Array.isArray(prop?.enum) ? prop.enum : undefined;
      if (!required || !values || !values.every((v) => typeof v === 'string' && !allowed.includes(v))) return false;
      allowed.push(...(values as string[]));
      return true;
    });
    if (ok) return { propertyName, allowed };
  }
  return undefined;
}

function findPropertiesHolding(
  defs: Record<string, Record<string, unknown>>,
  at: string[],
  property: string,
): Record<string, unknown> {
  const def = defs[at[0]];
  const candidates: Array<Record<string, unknown>> =
    at[1] === 'allOf' && Array.isArray(def?.allOf) ? (def.allOf as Array<Record<string, unknown>>) : def ? [def] : [];
  for (const c of candidates) {
    const props = c.properties as Record<string, unknown> | undefined;
    if (props && property in props) return props;
  }
  throw new Error(`OpenLineage core schema: $defs/${at[0]} has no "${property}" property`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates one event; never throws on bad input. */
export function validateOpenLineageEvent(body: unknown): OpenLineageValidation {
  if (!isObject(body)) {
    return {
      ok: false,
      problems: [{ path: '', message: 'must be a JSON object: an OpenLineage RunEvent, DatasetEvent or JobEvent' }],
    };
  }
  const kind = openLineageEventKind(body);
  if (!kind) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message:
            'is not an OpenLineage event: a RunEvent has run and job, a DatasetEvent has dataset, a JobEvent has job (and no run)',
        },
      ],
    };
  }
  const validate = validators().byKind[kind];
  const problems = validate(body) ? [] : problemsFromAjv(validate.errors);
  if (kind === 'DatasetEvent' && body.job !== undefined) {
    // The spec's oneOf: with dataset and job but no run, the event would be both a DatasetEvent and a JobEvent.
    problems.push({
      path: '/job',
      message: 'must not be sent with dataset: an event is a DatasetEvent (dataset) or a JobEvent (job), not both',
    });
  }
  if (problems.length === 0 && parseIsoTimestamp(body.eventTime as string) === undefined) {
    problems.push({ path: '/eventTime', message: 'is not a valid date-time' });
  }
  if (problems.length > 0) return { ok: false, kind, problems: capProblems(problems) };
  return { ok: true, kind, event: body as unknown as OpenLineageEvent };
}
