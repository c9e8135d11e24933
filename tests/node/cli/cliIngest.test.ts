import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runEvent } from '../support/openLineageEvents';
import { connection, readToken, runCli, startTestCollector, type TestCollector, writeToken } from './support/cliHarness';

/** `pane ingest` end to end against a real collector: OpenLineage NDJSON, dbt and dlt files. */
let collector: TestCollector;
let write: string[];
const fixtures = path.join(__dirname, '../../../src/collector/ingest');
const dbt = (name: string) => path.join(fixtures, 'dbt/__fixtures__', name);
const dlt = (name: string) => path.join(fixtures, 'dlt/__fixtures__', name);

beforeAll(async () => {
  collector = await startTestCollector();
  write = connection(collector, writeToken);
});
afterAll(() => collector.close());

/** An NDJSON file of `count` Airflow task events (about 700 bytes each), with lines replaced where asked. */
function eventsFile(name: string, count: number, replace: Record<number, string> = {}): string {
  const lines: string[] = [];
  for (let line = 1; line <= count; line++) {
    lines.push(replace[line] ?? JSON.stringify(runEvent({ job: { namespace: 'airflow-bulk', name: `orders_daily.task_${line}` } })));
  }
  const file = path.join(collector.dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function storedRuns(namespace: string): Promise<number> {
  const { stdout } = await runCli(['runs', '--namespace', namespace, '--since', '1000d', '--limit', '10000', '--json', ...connection(collector, readToken)]);
  return JSON.parse(stdout).length;
}

describe('OpenLineage NDJSON', () => {
  test('a big file in batches; refused lines reported by line number; exit 1', async () => {
    const badRunId = JSON.stringify({ ...runEvent(), run: { runId: 'not-a-uuid' } });
    const file = eventsFile('bulk.ndjson', 1600, { 10: '{"eventType": "START", truncated', 500: badRunId, 1200: '[1, 2, 3]' });
    expect(fs.statSync(file).size).toBeGreaterThan(1024 * 1024);
    const { code, stdout, stderr } = await runCli(['ingest', file, '--batch-size', '250', ...write]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`✘ ${file}: OpenLineage, 1,600 event(s): 1,597 stored, 3 refused`);
    expect(lines[1]).toMatch(/^ {4}line 10: not valid JSON/);
    expect(lines[2]).toBe('    line 500: /run/runId: must be a UUID');
    expect(lines[3]).toBe('    line 1200: must be a JSON object (one OpenLineage event per line)');
    expect(await storedRuns('airflow-bulk')).toBe(1597);

    const again = await runCli(['ingest', file, '--json', ...write]);
    expect(again.code).toBe(1);
    const [result] = JSON.parse(again.stdout);
    expect(result).toMatchObject({ file, type: 'openlineage', received: 1600, stored: 0, duplicates: 1597 });
    expect(result.failed.map((f: { line: number }) => f.line)).toEqual([10, 500, 1200]);
    expect(result.failed[1].problems).toEqual(['/run/runId: must be a UUID']);
  });

  test('a progress bar on a terminal only', async () => {
    const file = eventsFile('progress.ndjson', 1600);
    const tty = await runCli(['ingest', file, ...write], { tty: 120 });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain(`${file} [`);
    expect(tty.stderr).toMatch(/100% \| \d+\.\d MiB\/\d+\.\d MiB \| 1,600 events, 0 refused/);
    expect(tty.stdout).toContain('1,600 event(s): 1,600 stored');
    const pipe = await runCli(['ingest', file, ...write]);
    expect(pipe.stderr).toBe('');
    expect(pipe.stdout).toContain('1,600 event(s): 0 stored, 1,600 duplicate(s)');
    const json = await runCli(['ingest', file, '--json', ...write], { tty: 120 });
    expect(json.stderr).toBe('');
  });

  test('batches too large for the collector are split until they fit', async () => {
    const small = await startTestCollector({ bodyLimitBytes: 16 * 1024 });
    try {
      const file = eventsFile('split.ndjson', 120);
      const { code, stdout } = await runCli(['ingest', file, '--batch-size', '120', ...connection(small, writeToken)]);
      expect(code).toBe(0);
      expect(stdout).toContain('120 event(s): 120 stored');
    } finally {
      await small.close();
    }
  });

  test('a JSON array of events, pretty-printed', async () => {
    const file = path.join(collector.dir, 'array.json');
    const job = { namespace: 'airflow-array', name: 'dag.task' };
    fs.writeFileSync(file, JSON.stringify([runEvent({ job, eventType: 'START' }), runEvent({ job })], null, 2));
    const { code, stdout } = await runCli(['ingest', file, ...write]);
    expect(code).toBe(0);
    expect(stdout).toBe(`✔ ${file}: OpenLineage, 2 event(s): 2 stored\n`);
  });
});

describe('dbt and dlt files', () => {
  test('run_results.json with the manifest beside it, and with --sources', async () => {
    const withManifest = await runCli(['ingest', dbt('run_results_v6.json'), dbt('manifest.json'), ...write]);
    expect(withManifest.code).toBe(0);
    expect(withManifest.stdout).toBe(`✔ ${dbt('run_results_v6.json')}: dbt run_results, stored, 9 run(s), 7 quality check(s)\n`);
    const withSources = await runCli(['ingest', dbt('run_results_v5.json'), '--sources', dbt('sources.json'), '--json', ...write]);
    expect(withSources.code).toBe(0);
    expect(JSON.parse(withSources.stdout)[0]).toMatchObject({ type: 'dbt', kind: 'dbt-run-results', stored: 1, runs: 9, freshness: 4 });
    expect(await storedRuns('dbt://jaffle_shop')).toBeGreaterThanOrEqual(18);
  });

  test('a minified run_results.json on one line is still dbt, not NDJSON', async () => {
    const file = path.join(collector.dir, 'run_results.min.json');
    const doc = JSON.parse(fs.readFileSync(dbt('run_results_v6.json'), 'utf8'));
    doc.metadata.invocation_id = 'b5f8c2d4-6b1e-4e3a-9c7d-2f1b0e8d4a61';
    fs.writeFileSync(file, JSON.stringify(doc));
    const { code, stdout } = await runCli(['ingest', file, ...write]);
    expect(code).toBe(0);
    expect(stdout).toContain('dbt run_results, stored');
  });

  test('dlt load_info and trace; the same document twice is a duplicate', async () => {
    const { code, stdout } = await runCli(['ingest', dlt('load_info_success.json'), dlt('trace_step_exception.json'), dlt('load_info_success.json'), ...write]);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      `✔ ${dlt('load_info_success.json')}: dlt load_info, stored, 2 run(s)`,
      `✔ ${dlt('trace_step_exception.json')}: dlt trace, stored, 2 run(s)`,
      `✔ ${dlt('load_info_success.json')}: dlt load_info, already stored (duplicate), 2 run(s)`,
    ]);
  });

  test('a file sent as the wrong --type is refused by the collector with its reasons: exit 1', async () => {
    const file = eventsFile('not-dlt.ndjson', 1);
    const { code, stdout } = await runCli(['ingest', file, '--type', 'dlt', ...write]);
    expect(code).toBe(1);
    expect(stdout).toContain(`✘ ${file}: dlt load_info, refused`);
    expect(stdout).toMatch(/must be the JSON of a dlt load_info/);
  });
});

describe('what is refused before anything is sent', () => {
  test('missing, unknown and unpaired files are usage errors (exit 2)', async () => {
    const missing = await runCli(['ingest', path.join(collector.dir, 'nope.json'), ...write]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: no such file');
    const unknown = await runCli(['ingest', path.join(__dirname, '../../../package.json'), ...write]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/cannot tell what .*package\.json is \(a JSON object with keys name, version/);
    const manifestOnly = await runCli(['ingest', dbt('manifest.json'), ...write]);
    expect(manifestOnly.code).toBe(2);
    expect(manifestOnly.stderr).toContain('send it with exactly one run_results.json');
    const wrongManifest = await runCli(['ingest', dbt('run_results_v6.json'), '--manifest', dbt('sources.json'), ...write]);
    expect(wrongManifest.code).toBe(2);
    const empty = path.join(collector.dir, 'empty.ndjson');
    fs.writeFileSync(empty, '\n\n');
    expect((await runCli(['ingest', empty, ...write])).code).toBe(2);
  });

  test('a good file after a missing one: nothing is sent', async () => {
    const file = eventsFile('never-sent.ndjson', 3);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/airflow-bulk/g, 'never-sent'));
    const { code } = await runCli(['ingest', file, path.join(collector.dir, 'missing.ndjson'), ...write]);
    expect(code).toBe(2);
    expect(await storedRuns('never-sent')).toBe(0);
  });
});
