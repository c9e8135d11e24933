import { describe, expect, it } from 'vitest';
import { DocumentChecks } from './documentChecks';
import { parseDbtSchemaVersion, splitDbtBody } from './dbtArtifacts';

const meta = (kind: string, version: number) => ({ metadata: { dbt_schema_version: `https://schemas.getdbt.com/dbt/${kind}/v${version}.json` } });

describe('parseDbtSchemaVersion', () => {
  it('reads kind and version from the schema URL', () => {
    expect(parseDbtSchemaVersion('https://schemas.getdbt.com/dbt/run-results/v6.json')).toEqual({ kind: 'run-results', version: 6 });
    expect(parseDbtSchemaVersion('https://schemas.getdbt.com/dbt/sources/v3.json')).toEqual({ kind: 'sources', version: 3 });
    expect(parseDbtSchemaVersion('v6')).toBeUndefined();
  });
});

describe('splitDbtBody', () => {
  it('tells a bare run_results, a bare sources.json and a bundle apart', () => {
    const checks = new DocumentChecks();
    expect(Object.keys(splitDbtBody({ ...meta('run-results', 5), results: [] }, checks))).toEqual(['runResults']);
    expect(splitDbtBody({ ...meta('sources', 3), results: [] }, checks).sources?.path).toBe('');
    const bundle = splitDbtBody({ run_results: meta('run-results', 6), manifest: meta('manifest', 12), sources: meta('sources', 3) }, checks);
    expect([bundle.runResults?.path, bundle.manifest?.path, bundle.sources?.path]).toEqual(['/run_results', '/manifest', '/sources']);
    expect(bundle.runResults?.schemaVersion).toBe(6);
    expect(checks.problems).toEqual([]);
  });

  it('names each unreadable artifact by its version field', () => {
    const checks = new DocumentChecks();
    splitDbtBody({ run_results: meta('run-results', 4), manifest: meta('manifest', 8), sources: meta('sources', 2) }, checks);
    expect(checks.problems.map((p) => p.path)).toEqual([
      '/run_results/metadata/dbt_schema_version',
      '/manifest/metadata/dbt_schema_version',
      '/sources/metadata/dbt_schema_version',
    ]);
    expect(checks.problems[1].message).toContain('manifest/v12.json');
  });

  it('rejects a version URL that is not dbt\'s', () => {
    const checks = new DocumentChecks();
    splitDbtBody({ metadata: { dbt_schema_version: 'run-results-6' }, results: [] }, checks);
    expect(checks.problems).toEqual([
      {
        path: '/metadata/dbt_schema_version',
        message:
          'must be https://schemas.getdbt.com/dbt/run-results/v5.json or https://schemas.getdbt.com/dbt/run-results/v6.json (this collector reads dbt run-results in those versions); got "run-results-6"',
      },
    ]);
  });
});
