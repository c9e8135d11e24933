import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

/** Test helpers: the realistic fixtures beside this file and the spec's own examples (spec-tests/). */

export const FIXTURE_DIR = __dirname;
export const SPEC_TESTS_DIR = path.join(__dirname, 'spec-tests');

export const fixtureNames = (): string[] =>
  readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();

export const fixture = (name: string): any => JSON.parse(readFileSync(path.join(FIXTURE_DIR, name), 'utf8'));

/** Every `spec-tests/<FacetSchemaName>/<example>.json`, as [facet schema file, example name, example]. */
export function specFacetExamples(): Array<[string, string, Record<string, Record<string, unknown>>]> {
  const out: Array<[string, string, Record<string, Record<string, unknown>>]> = [];
  for (const entry of readdirSync(SPEC_TESTS_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of readdirSync(path.join(SPEC_TESTS_DIR, entry.name)).sort()) {
      if (!file.endsWith('.json')) continue;
      out.push([`${entry.name}.json`, file, JSON.parse(readFileSync(path.join(SPEC_TESTS_DIR, entry.name, file), 'utf8'))]);
    }
  }
  return out.sort((a, b) => `${a[0]}/${a[1]}`.localeCompare(`${b[0]}/${b[1]}`));
}

export const specFullEvent = (): any => JSON.parse(readFileSync(path.join(SPEC_TESTS_DIR, 'example_full_event.json'), 'utf8'));

/** A small valid RunEvent with empty facet maps everywhere, to place facets into. */
export const baseRunEvent = () => ({
  eventTime: '2024-05-01T12:00:00.000Z',
  eventType: 'COMPLETE',
  producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.26.0/client/python',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: { runId: '0193497c-1d2e-7a3b-9c4d-5e6f7a8b9c0d', facets: {} as Record<string, unknown> },
  job: { namespace: 'ns', name: 'job', facets: {} as Record<string, unknown> },
  inputs: [
    { namespace: 'db', name: 'in', facets: {} as Record<string, unknown>, inputFacets: {} as Record<string, unknown> },
  ],
  outputs: [
    { namespace: 'db', name: 'out', facets: {} as Record<string, unknown>, outputFacets: {} as Record<string, unknown> },
  ],
});
