import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { classifyDocument, isOpenLineageEvent, looksLikeNdjson } from './detectIngestKind';
import { chunkEvents, readNdjsonChunks } from './eventChunks';

const fixture = (p: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../../collector/ingest', p), 'utf8'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-ingest-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const olEvent = (n: number) => ({
  eventType: 'COMPLETE',
  eventTime: '2024-11-20T02:00:00Z',
  producer: 'https://github.com/apache/airflow',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: { runId: `01934a2e-0000-7000-8000-${String(n).padStart(12, '0')}` },
  job: { namespace: 'airflow', name: `job_${n}` },
});

describe('what a file holds, from its content', () => {
  test('dbt, dlt and OpenLineage documents', () => {
    expect(classifyDocument(fixture('dbt/__fixtures__/run_results_v5.json'))).toBe('dbt-run-results');
    expect(classifyDocument(fixture('dbt/__fixtures__/run_results_v6.json'))).toBe('dbt-run-results');
    expect(classifyDocument(fixture('dbt/__fixtures__/manifest.json'))).toBe('dbt-manifest');
    expect(classifyDocument(fixture('dbt/__fixtures__/sources.json'))).toBe('dbt-sources');
    expect(classifyDocument({ run_results: {}, manifest: {} })).toBe('dbt-bundle');
    expect(classifyDocument(fixture('dlt/__fixtures__/load_info_success.json'))).toBe('dlt-load-info');
    expect(classifyDocument(fixture('dlt/__fixtures__/trace_success.json'))).toBe('dlt-trace');
    expect(classifyDocument(fixture('openlineage/__fixtures__/airflow-task-run-fail.json'))).toBe('openlineage');
    expect(classifyDocument([olEvent(1), olEvent(2)])).toBe('openlineage');
    expect(classifyDocument({ events: [olEvent(1)] })).toBe('openlineage');
    expect(classifyDocument({ name: 'pipeline-pane', version: '0.1.0' })).toBeUndefined();
    expect(classifyDocument([1, 2])).toBeUndefined();
    expect(isOpenLineageEvent(fixture('openlineage/__fixtures__/dataset-event-pii.json'))).toBe(true);
  });

  test('NDJSON is told from a pretty-printed document by its first line', () => {
    expect(looksLikeNdjson(`${JSON.stringify(olEvent(1))}\n${JSON.stringify(olEvent(2))}\n`).ndjson).toBe(true);
    expect(looksLikeNdjson('\uFEFF\n\n{"a":1}').ndjson).toBe(true);
    expect(looksLikeNdjson(JSON.stringify(olEvent(1), null, 2)).ndjson).toBe(false);
    expect(looksLikeNdjson('[{"a":1}]').ndjson).toBe(false);
    expect(looksLikeNdjson('').ndjson).toBe(false);
  });
});

describe('NDJSON in chunks', () => {
  test('chunks by count and by bytes, keeping each event\'s line number; bad lines are reported by line', async () => {
    const lines = [
      JSON.stringify(olEvent(1)),
      '',
      JSON.stringify(olEvent(2)),
      'this is not json',
      '[1,2,3]',
      JSON.stringify(olEvent(3)),
      JSON.stringify(olEvent(4)),
      JSON.stringify(olEvent(5)),
    ];
    const file = path.join(dir, 'events.ndjson');
    fs.writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
    const reader = readNdjsonChunks(file, { maxEvents: 2, maxBytes: 1_000_000 });
    const chunks = [];
    for await (const chunk of reader.chunks) chunks.push(chunk);
    expect(chunks.map((c) => c.lines)).toEqual([[1, 3], [6, 7], [8]]);
    expect((chunks[0].events[0] as { job: { name: string } }).job.name).toBe('job_1');
    expect(reader.invalid.map((p) => p.line)).toEqual([4, 5]);
    expect(reader.invalid[0].problems[0]).toMatch(/not valid JSON/);
    expect(reader.bytesRead()).toBe(fs.statSync(file).size);

    const small = readNdjsonChunks(file, { maxEvents: 100, maxBytes: 400 });
    const sizes = [];
    for await (const chunk of small.chunks) sizes.push(chunk.events.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5);
    expect(Math.max(...sizes)).toBeLessThan(5);
  });

  test('events already in memory are chunked the same way, numbered from 1', () => {
    const chunks = [...chunkEvents([olEvent(1), olEvent(2), olEvent(3)], { maxEvents: 2, maxBytes: 1_000_000 })];
    expect(chunks.map((c) => c.lines)).toEqual([[1, 2], [3]]);
  });
});
