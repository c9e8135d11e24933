import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The vendored official OpenLineage schemas (spec 2-0-2 plus the standard facet schemas),
 * read at runtime from `schemas/` next to this module's source.
 *
 * tsc does not copy JSON that is not imported, so the compiled module
 * (build/src/collector/ingest/openlineage/*.js) does not find `schemas/` beside itself;
 * it then walks up to the package root (the directory holding package.json) and reads
 * `src/collector/ingest/openlineage/schemas` from there. No build copy step is needed.
 */

/** Where a facet sits in an event. */
export type FacetLocation = 'run' | 'job' | 'dataset' | 'inputDataset' | 'outputDataset';

/** Which core `$defs` entry a facet of each location extends. */
export const CORE_FACET_DEF: Record<FacetLocation, string> = {
  run: 'RunFacet',
  job: 'JobFacet',
  dataset: 'DatasetFacet',
  inputDataset: 'InputDatasetFacet',
  outputDataset: 'OutputDatasetFacet',
};

/** One standard facet: its key in a facets map at one location, and the schema that defines it there. */
export interface StandardFacet {
  key: string;
  location: FacetLocation;
  /** absolute schema reference, e.g. https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet */
  ref: string;
  /** the schema file it comes from, e.g. ParentRunFacet.json */
  file: string;
}

export interface JsonSchemaDocument {
  $id: string;
  $defs?: Record<string, Record<string, unknown>>;
  properties?: Record<string, Record<string, unknown>>;
  [keyword: string]: unknown;
}

export interface OpenLineageSchemas {
  /** the directory the schemas were read from */
  dir: string;
  core: JsonSchemaDocument;
  /** facet schema documents by file name */
  facets: Map<string, JsonSchemaDocument>;
  standardFacets: StandardFacet[];
}

export const SCHEMA_SUBDIR = path.join('src', 'collector', 'ingest', 'openlineage', 'schemas');
const CORE_FILE = 'OpenLineage.json';

/** Finds the schemas directory: beside this module, else under the package root's src/. */
export function locateSchemaDir(fromDir: string = __dirname): string {
  const tried: string[] = [];
  const beside = path.resolve(fromDir, 'schemas');
  tried.push(beside);
  if (existsSync(path.join(beside, CORE_FILE))) return beside;
  for (let dir = path.resolve(fromDir); ; ) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const candidate = path.join(dir, SCHEMA_SUBDIR);
      tried.push(candidate);
      if (existsSync(path.join(candidate, CORE_FILE))) return candidate;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`OpenLineage schemas not found; looked for ${CORE_FILE} in: ${tried.join(', ')}`);
}

let cached: OpenLineageSchemas | undefined;

/** Reads the vendored schemas once per process. */
export function loadOpenLineageSchemas(dir?: string): OpenLineageSchemas {
  if (cached && (dir === undefined || cached.dir === dir)) return cached;
  const schemaDir = dir ?? locateSchemaDir();
  const core = readJson(path.join(schemaDir, CORE_FILE));
  const facetDir = path.join(schemaDir, 'facets');
  const facets = new Map<string, JsonSchemaDocument>();
  for (const file of readdirSync(facetDir).filter((f) => f.endsWith('.json')).sort()) {
    facets.set(file, readJson(path.join(facetDir, file)));
  }
  const loaded: OpenLineageSchemas = { dir: schemaDir, core, facets, standardFacets: deriveStandardFacets(core.$id, facets) };
  if (dir === undefined) cached = loaded;
  return loaded;
}

function readJson(file: string): JsonSchemaDocument {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as JsonSchemaDocument;
  if (typeof doc.$id !== 'string') throw new Error(`${file} has no $id`);
  return doc;
}

/**
 * Derives, from the facet schema files themselves, which facet key each file defines and
 * where: a facet schema's top-level `properties` names its key (`parent`, `schema`, ...),
 * and the `$defs` entry it points at extends one of the core facet definitions (RunFacet,
 * JobFacet, DatasetFacet, InputDatasetFacet, OutputDatasetFacet), which fixes the location.
 * A key may be defined for several locations (`tags` for runs, jobs and datasets; `lineage`
 * for jobs and datasets; `subset` for inputs and outputs), each with its own definition.
 */
export function deriveStandardFacets(coreId: string, facetSchemas: Map<string, JsonSchemaDocument>): StandardFacet[] {
  const out: StandardFacet[] = [];
  const seen = new Set<string>();
  for (const [file, doc] of facetSchemas) {
    for (const [key, propertySchema] of Object.entries(doc.properties ?? {})) {
      for (const defName of localRefs(propertySchema)) {
        for (const { location, def } of locationsOf(doc, defName, coreId, new Set())) {
          const id = `${location}:${key}`;
          if (seen.has(id)) throw new Error(`facet "${key}" at ${location} is defined twice (second time in ${file})`);
          seen.add(id);
          out.push({ key, location, ref: `${doc.$id}#/$defs/${def}`, file });
        }
      }
    }
  }
  return out;
}

/** `#/$defs/X` references directly in a schema or in its anyOf / oneOf branches. */
function localRefs(schema: Record<string, unknown>): string[] {
  const refs: string[] = [];
  const direct = schema.$ref;
  if (typeof direct === 'string' && direct.startsWith('#/$defs/')) refs.push(direct.slice('#/$defs/'.length));
  for (const keyword of ['anyOf', 'oneOf']) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) for (const b of branches) refs.push(...localRefs(b as Record<string, unknown>));
  }
  return refs;
}

/** The locations a facet definition applies to, with the most specific definition for each. */
function locationsOf(
  doc: JsonSchemaDocument,
  defName: string,
  coreId: string,
  visiting: Set<string>,
): Array<{ location: FacetLocation; def: string }> {
  if (visiting.has(defName)) return [];
  visiting.add(defName);
  const def = doc.$defs?.[defName];
  if (!def) throw new Error(`${doc.$id}: $defs/${defName} is missing`);
  const allOf = Array.isArray(def.allOf) ? (def.allOf as Array<Record<string, unknown>>) : [];
  for (const part of allOf) {
    const ref = part.$ref;
    if (typeof ref !== 'string' || !ref.startsWith(`${coreId}#/$defs/`)) continue;
    const coreDef = ref.slice(`${coreId}#/$defs/`.length);
    const location = (Object.keys(CORE_FACET_DEF) as FacetLocation[]).find((l) => CORE_FACET_DEF[l] === coreDef);
    if (location) return [{ location, def: defName }];
  }
  // A union of facet definitions (e.g. BaseSubsetDatasetFacet: input or output subset).
  return localRefs(def).flatMap((branch) => locationsOf(doc, branch, coreId, visiting));
}
