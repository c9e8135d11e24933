import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ApiTokens } from '../../../src/collector/http/apiTokens';
import { createCollectorApp } from '../../../src/collector/http/createCollectorApp';
import { parseSlaConfig } from '../../../src/collector/sla/slaConfig';
import { createSlaResolver } from '../../../src/collector/sla/slaResolver';
import { openDatabase } from '../../../src/collector/store/openDatabase';
import { repoRoot } from '../build';
import { type ScenarioIds, pipelineScenario, scenarioSlaYaml } from './pipelineScenario';

/**
 * A REAL collector for browser tests: the collector's own HTTP app (createCollectorApp) over a
 * temporary SQLite file, listening on a loopback port, with a read and a write token, filled
 * through its real ingest API — the OpenLineage fixtures (POST /api/v1/lineage/batch), the dbt
 * and dlt fixtures (POST /api/v1/ingest/dbt and /dlt) and a generated day of pipeline history
 * ending now (support/pipelineScenario.ts).
 */
export interface TestCollector {
  url: string;
  readToken: string;
  writeToken: string;
  /** when the generated history ends */
  now: number;
  ids: ScenarioIds;
  stop(): Promise<void>;
}

export const readToken = 'browser-read-token-0123456789';
export const writeToken = 'browser-write-token-0123456789';

const fixtureDir = (kind: 'openlineage' | 'dbt' | 'dlt') => path.join(repoRoot, 'src', 'collector', 'ingest', kind, '__fixtures__');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

export async function startTestCollector(options: { seed?: boolean } = {}): Promise<TestCollector> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-browser-'));
  const database = await openDatabase(path.join(dir, 'pane.sqlite'));
  const { app, writer } = createCollectorApp(
    {
      tokens: ApiTokens.parse(`${writeToken}:write,${readToken}:read`),
      authRequired: true,
      bodyLimitBytes: 10 * 1024 * 1024,
      maxQueuedEnvelopes: 10_000,
      maxInFlightRequests: 256,
      logLevel: 'warn',
      slas: createSlaResolver(parseSlaConfig(scenarioSlaYaml, 'browser-test-slas.yaml')),
    },
    database,
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const now = Date.now();
  const scenario = pipelineScenario(now);
  const stop = async () => {
    await app.close();
    await writer.whenIdle();
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  if (options.seed !== false) {
    try {
      await seed(url, scenario.events);
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { url, readToken, writeToken, now, ids: scenario.ids, stop };
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${writeToken}` },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => undefined);
  if (response.status >= 300) throw new Error(`POST ${url} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

async function seed(url: string, scenarioEvents: unknown[]): Promise<void> {
  const olDir = fixtureDir('openlineage');
  const fixtures = fs
    .readdirSync(olDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => readJson(path.join(olDir, name)));
  await post(`${url}/api/v1/lineage/batch`, fixtures);
  for (let i = 0; i < scenarioEvents.length; i += 200) {
    await post(`${url}/api/v1/lineage/batch`, scenarioEvents.slice(i, i + 200));
  }
  const dbt = fixtureDir('dbt');
  await post(`${url}/api/v1/ingest/dbt`, { run_results: readJson(path.join(dbt, 'run_results_v5.json')), manifest: readJson(path.join(dbt, 'manifest.json')) });
  await post(`${url}/api/v1/ingest/dbt`, {
    run_results: readJson(path.join(dbt, 'run_results_v6.json')),
    manifest: readJson(path.join(dbt, 'manifest.json')),
    sources: readJson(path.join(dbt, 'sources.json')),
  });
  const dlt = fixtureDir('dlt');
  for (const name of ['load_info_success.json', 'load_info_failed_job.json', 'trace_success.json', 'trace_step_exception.json']) {
    await post(`${url}/api/v1/ingest/dlt`, readJson(path.join(dlt, name)));
  }
}
