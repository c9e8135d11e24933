import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import { hour, ids, ns, scenarioEvents, scenarioSlas } from '../support/lineageScenario';
import { runEvent } from '../support/openLineageEvents';
import { closedPortUrl, connection, readToken, runCli, startTestCollector, type TestCollector, writeToken } from './support/cliHarness';

/**
 * The reading commands end to end: a real collector (Fastify + SQLite) holding the lineage
 * scenario (loaded with `pane ingest`) and a few plain runs, queried with the real commander
 * program and HTTP client in this process, output captured.
 */
let collector: TestCollector;
let read: string[];
const strip = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

async function postRun(body: Record<string, unknown>) {
  const response = await fetch(`${collector.url}/api/v1/ingest/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${writeToken}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
}

beforeAll(async () => {
  collector = await startTestCollector({ slas: scenarioSlas });
  read = connection(collector, readToken);
  const now = Date.now();
  const file = path.join(collector.dir, 'scenario.ndjson');
  fs.writeFileSync(file, `${scenarioEvents(now).map((e) => JSON.stringify(e)).join('\n')}\n`);
  const loaded = await runCli(['ingest', file, ...connection(collector, writeToken)]);
  expect(loaded.code).toBe(0);
  // a cron job with known durations: 1, 2, 3 and 10 minutes, the last one failed
  const minutes = [1, 2, 3, 10];
  for (const [i, m] of minutes.entries()) {
    const startedAt = now - (5 - i) * hour;
    await postRun({
      namespace: 'cron',
      job: 'nightly_export',
      status: i === 3 ? 'failed' : 'success',
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(startedAt + m * 60_000).toISOString(),
      ...(i === 3 ? { error: 'disk full', exitCode: 1 } : { rows: 1000 * (i + 1), outputs: ['exports.orders_csv'] }),
    });
  }
});
afterAll(() => collector.close());

describe('pane runs', () => {
  test('a table of the last day, newest first', async () => {
    const { code, stdout, stderr } = await runCli(['runs', ...read]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^START\s+JOB\s+NAMESPACE\s+STATE\s+DURATION\s+ROWS OUT\s+RUN\s+ERROR$/);
    expect(lines[1]).toMatch(/payments_ingest\.load_payments\s+airflow-prod\s+FAIL/);
    expect(stdout).toMatch(/nightly_export\s+cron\s+FAIL\s+10m\s+\w{8}\s+disk full/);
    expect(stdout).toMatch(/nightly_export\s+cron\s+COMPLETE\s+3m\s+3,000/);
    expect(stdout).not.toContain('\u001b[');
  });

  test('filters: --state failed, --job by name, --namespace, --limit', async () => {
    const failed = await runCli(['runs', '--state', 'failed', '--json', ...read]);
    const rows = JSON.parse(failed.stdout);
    expect(rows.map((r: { job: string }) => r.job).sort()).toEqual(['nightly_export', 'payments_ingest.load_payments']);
    expect(rows[0].start).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const byJob = JSON.parse((await runCli(['runs', '--job', 'nightly_export', '--json', ...read])).stdout);
    expect(byJob).toHaveLength(4);
    expect(byJob.map((r: { duration_ms: number }) => r.duration_ms)).toEqual([600_000, 180_000, 120_000, 60_000]);
    const limited = JSON.parse((await runCli(['runs', '--namespace', 'dbt-prod', '--limit', '2', '--json', ...read])).stdout);
    expect(limited).toHaveLength(2);
    expect(limited.every((r: { namespace: string }) => r.namespace === 'dbt-prod')).toBe(true);
  });

  test('--fail-on failed exits 1 when a listed run failed', async () => {
    const failing = await runCli(['runs', '--job', 'nightly_export', '--fail-on', 'failed', ...read]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('pane runs: failure found: 1 run(s) failed or were aborted');
    const passing = await runCli(['runs', '--namespace', 'dbt-prod', '--fail-on', 'failed', ...read]);
    expect(passing.code).toBe(0);
  });

  test('nothing found is said on stderr; stdout stays empty', async () => {
    const { code, stdout, stderr } = await runCli(['runs', '--job', 'never_ran', ...read]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/no runs since .* for never_ran/);
  });
});

describe('pane freshness', () => {
  test('stale first, with age, SLA, owner and producing job', async () => {
    const { code, stdout, stderr } = await runCli(['freshness', '--namespace', ns.warehouse, ...read]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATUS\s+DATASET\s+NAMESPACE\s+AGE\s+WARN AFTER\s+STALE AFTER\s+LAST UPDATE\s+OWNER\s+PRODUCED BY\s+WHY$/);
    expect(lines[1]).toMatch(/^stale\s+raw\.payments\s+snowflake:\/\/acme\s+3d\s+6h\s+24h\s+3d ago\s+payments_ingest\.load_payments/);
    expect(stdout).toMatch(/fresh\s+analytics\.fct_revenue\s+snowflake:\/\/acme\s+1h 30m\s+6h\s+24h\s+1h 30m ago\s+team:analytics\s+acme\.fct_revenue/);
    expect(stderr).toContain('6 dataset(s): 5 fresh, 1 stale');
  });

  test('--status and --json; --fail-on stale exits 1 naming the datasets', async () => {
    const stale = JSON.parse((await runCli(['freshness', '--status', 'stale', '--json', ...read])).stdout);
    expect(stale.map((r: { dataset_id: string }) => r.dataset_id)).toEqual([ids.rawPayments]);
    expect(stale[0]).toMatchObject({ status: 'stale', warn_after: 21600, critical_after: 86400, producing_job_id: ids.loadPayments });
    expect(stale[0].last_update).toMatch(/Z$/);
    const failing = await runCli(['freshness', '--fail-on', 'stale', ...read]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('failure found: 1 dataset(s) stale: raw.payments');
    expect((await runCli(['freshness', '--namespace', ns.looker, '--fail-on', 'stale', ...read])).code).toBe(0);
    expect((await runCli(['freshness', '--dataset', 'analytics.*', '--fail-on', 'warning', ...read])).code).toBe(0);
  });
});

describe('pane quality', () => {
  test('results with the failing check in red on a terminal', async () => {
    const { code, stdout } = await runCli(['quality', ...read], { tty: 200 });
    expect(code).toBe(0);
    expect(stdout).toContain('\u001b[31mfailed\u001b[39m');
    const plain = strip(stdout);
    expect(plain).toMatch(/analytics\.fct_revenue\s+not_null\s+customer_email\s+failed/);
    expect(plain).toMatch(/analytics\.fct_revenue\s+unique\s+order_id\s+passed/);
  });

  test('--failed, --check, --fail-on failed', async () => {
    const failed = JSON.parse((await runCli(['quality', '--failed', '--json', ...read])).stdout);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ dataset_id: ids.fctRevenue, check: 'not_null', column: 'customer_email', passed: false });
    const gate = await runCli(['quality', '--dataset', ids.fctRevenue, '--fail-on', 'failed', ...read]);
    expect(gate.code).toBe(1);
    expect(gate.stderr).toContain('1 check(s) failing: analytics.fct_revenue.customer_email not_null');
    expect((await runCli(['quality', '--check', 'unique', '--fail-on', 'failed', ...read])).code).toBe(0);
  });
});

describe('pane lineage', () => {
  test('show: upstream and downstream trees with health', async () => {
    const { code, stdout } = await runCli(['lineage', 'show', ids.fctRevenue, ...read]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('dataset analytics.fct_revenue (snowflake://acme)  failing  fresh, 1h 30m · quality 50% (1/2) · owners team:analytics');
    const up = lines.indexOf('upstream (feeds it)');
    const down = lines.indexOf('downstream (fed by it)');
    expect(up).toBeGreaterThan(0);
    expect(down).toBeGreaterThan(up);
    const upstream = lines.slice(up, down).join('\n');
    expect(upstream).toMatch(/└── job {5}acme\.fct_revenue \(dbt-prod\)  healthy  COMPLETE/);
    expect(upstream).toMatch(/dataset raw\.payments \(snowflake:\/\/acme\)  failing  stale, 3d/);
    expect(upstream).toMatch(/job {5}payments_ingest\.load_payments \(airflow-prod\)  failing  FAIL/);
    expect(upstream).toContain('↑ shown above');
    const downstream = lines.slice(down).join('\n');
    expect(downstream).toMatch(/job {5}revenue_dashboard\.extract \(looker\)/);
    expect(downstream).toMatch(/dataset dashboards\.revenue_extract \(looker:\/\/acme\)/);
  });

  test('show by bare name, --direction, --depth, --json', async () => {
    const { code, stdout } = await runCli(['lineage', 'show', 'analytics.fct_revenue', '--direction', 'upstream', '--depth', '2', '--json', ...read]);
    expect(code).toBe(0);
    const graph = JSON.parse(stdout);
    expect(graph.center).toBe(ids.fctRevenue);
    expect(graph.nodes.map((n: { id: string }) => n.id).sort()).toEqual(
      [ids.fctRevenue, ids.fctRevenueJob, ids.stgOrders, ids.stgCustomers, ids.rawPayments].sort(),
    );
    expect(graph.nodes.find((n: { id: string }) => n.id === ids.rawPayments)).toMatchObject({ health: 'failing', freshnessStatus: 'stale' });
    expect(graph.edges).toContainEqual({ source: ids.fctRevenueJob, target: ids.fctRevenue, relation: 'writes' });
  });

  test('unknown or malformed nodes are usage errors', async () => {
    const unknown = await runCli(['lineage', 'show', 'no_such_table', ...read]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no job or dataset is named "no_such_table"');
    const similar = await runCli(['lineage', 'show', 'orders', ...read]);
    expect(similar.code).toBe(2);
    expect(similar.stderr).toContain(ids.rawOrders);
    const malformed = await runCli(['lineage', 'show', 'dataset:onlyname', ...read]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('is not a node id');
    const missing = await runCli(['lineage', 'impact', 'dataset:nowhere:nothing', ...read]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no dataset "dataset:nowhere:nothing" is known to the collector');
  });

  test('impact: direct and transitive, owners, what is already stale; --fail-on stale', async () => {
    const { code, stdout, stderr } = await runCli(['lineage', 'impact', ids.publicPayments, '--fail-on', 'stale', ...read]);
    expect(code).toBe(1);
    expect(stderr).toContain('pane lineage impact: failure found: 1 downstream dataset(s) already stale');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Impact of dataset public.payments (postgres://orders-db:5432)');
    expect(lines[1]).toBe('  3 dataset(s) and 4 job(s) downstream, 2 directly; 1 already stale, 3 failing');
    expect(lines[2]).toBe('  owners to tell: team:analytics');
    expect(lines[3]).toBe('  already stale: raw.payments');
    expect(stdout).toMatch(/1\s+job\s+payments_ingest\.load_payments\s+airflow-prod\s+yes\s+failing\s+FAIL/);
    expect(stdout).toMatch(/2\s+dataset\s+raw\.payments\s+snowflake:\/\/acme\s+yes\s+failing\s+stale\s+3d/);

    const json = JSON.parse((await runCli(['lineage', 'impact', ids.publicPayments, '--json', ...read])).stdout);
    expect(json.node).toBe(ids.publicPayments);
    expect(json.summary).toMatchObject({ affectedDatasets: 3, affectedJobs: 4, stale: [ids.rawPayments], owners: ['team:analytics'] });
    expect(json.downstream[0]).toMatchObject({ node: ids.loadPayments, depth: 1, direct: true, health: 'failing' });
    expect((await runCli(['lineage', 'impact', ids.fctRevenue, '--fail-on', 'stale', ...read])).code).toBe(0);
  });

  test('export: DOT to a file, Mermaid and JSON to stdout', async () => {
    const file = path.join(collector.dir, 'lineage.dot');
    const dot = await runCli(['lineage', 'export', '--node', ids.stgOrders, '--depth', '2', '-o', file, ...read]);
    expect(dot.code).toBe(0);
    expect(dot.stderr).toContain(`wrote 6 nodes and 6 edges to ${file}`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^digraph "lineage of dataset:snowflake%3A\/\/acme:analytics\.stg_orders" \{/);
    expect(text).toContain(`"${ids.stgOrdersJob}" -> "${ids.stgOrders}";`);
    expect(text).toMatch(/"dataset:snowflake%3A\/\/acme:analytics\.fct_revenue" \[label="analytics\.fct_revenue\\nsnowflake:\/\/acme\\nfailing: fresh, 1h 30m", shape=cylinder/);

    const mermaid = await runCli(['lineage', 'export', '--namespace', ns.warehouse, '--format', 'mermaid', ...read]);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid.stdout).toMatch(/n\d+\[\("raw\.payments<br\/><small>snowflake:\/\/acme<\/small><br\/>stale, 3d"\)\]/);

    const json = JSON.parse((await runCli(['lineage', 'export', '--namespace', ns.warehouse, '--json', ...read])).stdout);
    expect(json.nodes.length).toBeGreaterThan(10);
    expect(json.edges.every((e: { relation: string }) => e.relation === 'reads' || e.relation === 'writes')).toBe(true);

    const neither = await runCli(['lineage', 'export', ...read]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--node <node> (the graph around it) or --namespace');
  });
});

describe('pane logs', () => {
  test('what happened, oldest first; --level error; --json lines', async () => {
    const { code, stdout } = await runCli(['logs', '--since', '24h', ...read]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/ERROR\s+payments_ingest\.load_payments failed {2}\(airflow-prod\)$/);
    expect(stdout).toMatch(/ERROR\s+Quality check not_null failed on analytics\.fct_revenue\.customer_email/);
    expect(stdout).toMatch(/INFO\s+acme\.fct_revenue completed/);
    const errors = await runCli(['logs', '--since', '24h', '--level', 'error', ...read]);
    expect(errors.stdout).not.toContain('INFO');
    expect(errors.stdout).toMatch(/nightly_export failed: disk full/);
    const json = (await runCli(['logs', '--since', '24h', '--job', 'nightly_export', '--json', ...read])).stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(json.map((e) => e.level)).toContain('error');
    expect(json.every((e) => e.job_id === 'job:cron:nightly_export')).toBe(true);
    expect(json[0].time).toMatch(/Z$/);
  });

  test('--follow prints new events as they arrive, each once, until interrupted', async () => {
    let stop: () => void = () => undefined;
    let output = '';
    const seen = (text: string) => output.includes(text);
    const following = runCli(['logs', '--follow', '--interval', '100ms', '--namespace', 'follow-test', '--since', '1h', ...read], {
      interrupt: (trigger) => (stop = trigger),
      onStdout: (chunk) => (output += chunk),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(output).toBe('');
    const job = { namespace: 'follow-test', name: 'hourly_sync' };
    const runId = randomUUID();
    const post = (event: Record<string, unknown>) =>
      fetch(`${collector.url}/api/v1/lineage`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${writeToken}` }, body: JSON.stringify(event) });
    expect((await post(runEvent({ eventType: 'START', runId, job, eventTime: new Date(Date.now() - 2000).toISOString() }))).status).toBe(201);
    await waitFor(() => seen('hourly_sync started'));
    const errorMessage = {
      _producer: 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0',
      _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
      message: 'timeout talking to the API',
      programmingLanguage: 'python',
    };
    expect((await post(runEvent({ eventType: 'FAIL', runId, job, runFacets: { errorMessage } }))).status).toBe(201);
    await waitFor(() => seen('hourly_sync failed'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    stop();
    const result = await following;
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/INFO\s+hourly_sync started/);
    expect(lines[1]).toMatch(/ERROR\s+hourly_sync failed: timeout talking to the API/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('pane metrics', () => {
  test('one job: runs, success rate and duration percentiles over the period', async () => {
    const { code, stdout } = await runCli(['metrics', '--job', 'job:cron:nightly_export', '--period', '7d', ...read]);
    expect(code).toBe(0);
    expect(stdout).toContain('job:cron:nightly_export, last 7d');
    expect(stdout).toContain('runs 4 · success rate 75.0% · p50 2m · p95 10m · p99 10m');
    const json = JSON.parse((await runCli(['metrics', '--job', 'job:cron:nightly_export', '--period', '24h', '--json', ...read])).stdout);
    expect(json.total).toEqual({ runs: 4, complete: 3, failed: 1, aborted: 0, running: 0, successRate: 0.75, p50Ms: 120_000, p95Ms: 600_000, p99Ms: 600_000 });
    expect(json.intervals.reduce((n: number, i: { runs: number }) => n + i.runs, 0)).toBe(4);
  });

  test('all jobs: the busiest first, with a total', async () => {
    const { code, stdout } = await runCli(['metrics', '--period', '30d', ...read]);
    expect(code).toBe(0);
    // 17 runs: 13 of the scenario and 4 of nightly_export (the follow test may have added one more)
    expect(stdout).toMatch(/^all jobs, last 30d\n {2}runs 1[78] · success rate 8\d\.\d% · p50 2m · p95 10m · p99 10m\n/);
    const lines = stdout.trimEnd().split('\n');
    const header = lines.findIndex((l) => l.startsWith('JOB'));
    expect(lines[header]).toMatch(/^JOB\s+NAMESPACE\s+RUNS\s+OK\s+FAILED\s+SUCCESS\s+P50\s+P95$/);
    expect(lines[header + 1]).toMatch(/^nightly_export\s+cron\s+4\s+3\s+1\s+75\.0%\s+2m\s+10m$/);
    const json = JSON.parse((await runCli(['metrics', '--period', '30d', '--namespace', 'airflow-prod', '--json', ...read])).stdout);
    expect(json.jobs.map((j: { name: string }) => j.name).sort()).toEqual(['orders_ingest.load_orders', 'payments_ingest.load_payments']);
  });

  test('export as CSV and JSON, one row per interval', async () => {
    const csv = await runCli(['metrics', 'export', '--job', 'nightly_export', '--period', '24h', '--interval', '1h', ...read]);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('time,runs,complete,failed,aborted,running,successRate,p50Ms,p95Ms,p99Ms');
    expect(rows.length).toBeGreaterThanOrEqual(25);
    expect(rows.filter((r) => /,1,0,1,0,0,0,600000,600000,600000$/.test(r))).toHaveLength(1);
    const json = JSON.parse((await runCli(['metrics', 'export', '--format', 'json', '--job', 'nightly_export', '--period', '24h', ...read])).stdout);
    expect(json.reduce((n: number, r: { runs: number }) => n + r.runs, 0)).toBe(4);
  });
});

describe('errors and exit codes', () => {
  test('no token or a wrong one → 4; a read token cannot ingest → 4', async () => {
    const none = await runCli(['runs', '--url', collector.url]);
    expect(none.code).toBe(4);
    expect(none.stderr).toContain('pane runs: the collector needs a token');
    const wrong = await runCli(['freshness', '--url', collector.url, '--token', 'not-a-valid-token-at-all']);
    expect(wrong.code).toBe(4);
    const env = await runCli(['runs'], { env: { PANE_URL: collector.url, PANE_TOKEN: readToken } });
    expect(env.code).toBe(0);
    const file = path.join(collector.dir, 'one.ndjson');
    fs.writeFileSync(file, `${JSON.stringify(runEvent())}\n`);
    const ingest = await runCli(['ingest', file, ...read]);
    expect(ingest.code).toBe(4);
    expect(ingest.stderr).toContain('scope "read"');
  });

  test('collector unreachable → 3', async () => {
    const { code, stderr } = await runCli(['lineage', 'show', ids.fctRevenue, '--url', await closedPortUrl(), '--token', readToken]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/cannot reach the collector at http:\/\/127\.0\.0\.1:\d+: connection refused/);
  });

  test('usage errors → 2', async () => {
    expect((await runCli(['runs', '--since', 'last week', ...read])).code).toBe(2);
    expect((await runCli(['runs', '--state', 'exploded', ...read])).code).toBe(2);
    expect((await runCli(['runs', '--limit', '0', ...read])).code).toBe(2);
    expect((await runCli(['lineage', 'export', '--format', 'png', '--node', ids.fctRevenue, ...read])).code).toBe(2);
    expect((await runCli(['runs', '--url', 'not a url'])).code).toBe(2);
    const bogus = await runCli(['freshness', '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("unknown option '--bogus'");
    expect((await runCli(['--help'])).code).toBe(0);
  });

  test('colour only on a terminal and not with NO_COLOR', async () => {
    expect((await runCli(['runs', ...read], { tty: 200 })).stdout).toContain('\u001b[31mFAIL\u001b[39m');
    expect((await runCli(['runs', ...read], { tty: 200, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await runCli(['runs', ...read])).stdout).not.toContain('\u001b[');
  });

  test('tables fit a narrow terminal by cutting free text', async () => {
    const { stdout } = await runCli(['runs', '--job', 'nightly_export', ...read], { tty: 90, env: { NO_COLOR: '1' } });
    for (const line of stdout.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(90);
  });
});
