import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveStandardFacets, loadOpenLineageSchemas, locateSchemaDir, SCHEMA_SUBDIR } from './schemas';

const here = __dirname;
const packageRoot = path.resolve(here, '../../../..');
const reference = path.resolve(packageRoot, '../shared/reference/openlineage');

describe('locateSchemaDir', () => {
  it('finds the schemas beside the TypeScript module', () => {
    expect(locateSchemaDir(here)).toBe(path.join(here, 'schemas'));
  });

  it('finds them from the compiled module under build/ by walking up to the package root', () => {
    const compiledDir = path.join(packageRoot, 'build', 'src', 'collector', 'ingest', 'openlineage');
    expect(locateSchemaDir(compiledDir)).toBe(path.join(packageRoot, SCHEMA_SUBDIR));
  });

  it('says where it looked when the schemas are nowhere', () => {
    expect(() => locateSchemaDir('/')).toThrow(/OpenLineage schemas not found; looked for OpenLineage.json in: \/schemas/);
  });
});

describe('vendored schemas', () => {
  it.skipIf(!existsSync(reference))('are byte-identical to the official reference copy', () => {
    const vendored = path.join(here, 'schemas');
    expect(readFileSync(path.join(vendored, 'OpenLineage.json'))).toEqual(readFileSync(path.join(reference, 'OpenLineage.json')));
    expect(readFileSync(path.join(vendored, 'LICENSE'))).toEqual(readFileSync(path.join(reference, 'LICENSE')));
    const files = readdirSync(path.join(reference, 'facets')).sort();
    expect(readdirSync(path.join(vendored, 'facets')).sort()).toEqual(files);
    for (const file of files) {
      expect(readFileSync(path.join(vendored, 'facets', file)), file).toEqual(readFileSync(path.join(reference, 'facets', file)));
    }
  });

  it.skipIf(!existsSync(reference))('ship the spec examples byte-identical in __fixtures__/spec-tests', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name],
      );
    const files = walk(path.join(reference, 'tests')).sort();
    for (const file of files) {
      expect(readFileSync(path.join(here, '__fixtures__', 'spec-tests', file)), file).toEqual(
        readFileSync(path.join(reference, 'tests', file)),
      );
    }
  });

  it('load once: the core 2-0-2 schema and every facet schema', () => {
    const schemas = loadOpenLineageSchemas();
    expect(schemas.core.$id).toBe('https://openlineage.io/spec/2-0-2/OpenLineage.json');
    expect(schemas.facets.size).toBe(readdirSync(path.join(here, 'schemas', 'facets')).filter((f) => f.endsWith('.json')).length);
    expect(loadOpenLineageSchemas()).toBe(schemas);
  });
});

describe('deriveStandardFacets', () => {
  const { standardFacets } = loadOpenLineageSchemas();
  const at = (location: string) =>
    standardFacets
      .filter((f) => f.location === location)
      .map((f) => f.key)
      .sort();

  it('maps every facet schema file to the key it defines and where it sits', () => {
    expect(at('run')).toEqual([
      'environmentVariables',
      'errorMessage',
      'executionParameters',
      'externalQuery',
      'extractionError',
      'jobDependencies',
      'nominalTime',
      'parent',
      'processing_engine',
      'tags',
      'test',
    ]);
    expect(at('job')).toEqual(['documentation', 'jobType', 'lineage', 'ownership', 'sourceCode', 'sourceCodeLocation', 'sql', 'tags']);
    expect(at('dataset')).toEqual([
      'catalog',
      'columnLineage',
      'dataQualityMetrics',
      'dataSource',
      'datasetType',
      'documentation',
      'hierarchy',
      'lifecycleStateChange',
      'lineage',
      'ownership',
      'schema',
      'storage',
      'symlinks',
      'tags',
      'version',
    ]);
    expect(at('inputDataset')).toEqual(['dataQualityAssertions', 'dataQualityMetrics', 'inputStatistics', 'subset']);
    expect(at('outputDataset')).toEqual(['outputStatistics', 'subset']);
    const files = new Set(standardFacets.map((f) => f.file));
    expect(files.size).toBe(loadOpenLineageSchemas().facets.size);
  });

  it('uses the most specific definition for keys defined at several places', () => {
    const ref = (location: string, key: string) => standardFacets.find((f) => f.location === location && f.key === key)?.ref;
    expect(ref('inputDataset', 'subset')).toBe(
      'https://openlineage.io/spec/facets/1-0-0/BaseSubsetDatasetFacet.json#/$defs/InputSubsetInputDatasetFacet',
    );
    expect(ref('outputDataset', 'subset')).toMatch(/#\/\$defs\/OutputSubsetOutputDatasetFacet$/);
    expect(ref('job', 'lineage')).toMatch(/LineageFacet\.json#\/\$defs\/LineageJobFacet$/);
    expect(ref('dataset', 'lineage')).toMatch(/LineageFacet\.json#\/\$defs\/LineageDatasetFacet$/);
    expect(ref('run', 'tags')).toMatch(/TagsRunFacet\.json#/);
    expect(ref('inputDataset', 'dataQualityMetrics')).toMatch(/DataQualityMetricsInputDatasetFacet\.json#/);
  });

  it('refuses two schemas defining the same key at the same place', () => {
    const { core, facets } = loadOpenLineageSchemas();
    const twice = new Map(facets);
    twice.set('Copy.json', { ...facets.get('SQLJobFacet.json')!, $id: 'https://example.com/Copy.json' });
    expect(() => deriveStandardFacets(core.$id, twice)).toThrow(/facet "sql" at job is defined twice/);
  });
});
