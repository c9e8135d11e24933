import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtCli } from '../support/collectorProcess';
import { closedPortUrl, connection, readToken, runCli, spawnPane, startTestCollector, type TestCollector, writeToken } from './support/cliHarness';

/**
 * `pane run` and the exit codes as a real process: the built bin/pane.js spawned with real
 * stdio, wrapping real commands, reporting to a real collector in this process.
 * (Needs `npm run build:node`, which `npm test` runs first.)
 */
let collector: TestCollector;
let env: Record<string, string>;
const node = process.execPath;

beforeAll(async () => {
  collector = await startTestCollector();
  env = { PANE_URL: collector.url, PANE_TOKEN: writeToken };
});
afterAll(() => collector.close());

interface RunRow {
  run_id: string;
  job: string;
  namespace: string;
  state: string;
  duration_ms: number | null;
  error: string | null;
  orchestrator: string;
  parent_run_id: string | null;
}

async function runsOf(job: string): Promise<RunRow[]> {
  const { stdout, code } = await runCli(['runs', '--job', job, '--json', ...connection(collector, readToken)]);
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

describe('pane run', () => {
  test('a successful command: its output passes through, the run is COMPLETE with its duration and outputs', async () => {
    const result = await spawnPane(
      ['run', '--job', 'nightly_export', '--namespace', 'cron', '--output', 'exports:orders.csv', '--', node, '-e', "console.log('exported 42 rows'); setTimeout(() => {}, 300)"],
      { env },
    );
    expect(result).toMatchObject({ code: 0, stdout: 'exported 42 rows\n', stderr: '' });
    const [run] = await runsOf('job:cron:nightly_export');
    expect(run).toMatchObject({ state: 'COMPLETE', orchestrator: 'cli', error: null });
    expect(run.duration_ms).toBeGreaterThanOrEqual(300);
    const { stdout } = await runCli(['freshness', '--dataset', 'dataset:exports:orders.csv', '--json', ...connection(collector, readToken)]);
    expect(JSON.parse(stdout)[0]).toMatchObject({ producing_job_id: 'job:cron:nightly_export' });
  });

  test('a failing command: its exit code, stderr passed through, and the tail of stderr as the error', async () => {
    const script = "for (let i = 1; i <= 80; i++) console.error('problem ' + i); console.log('partial output'); process.exit(3)";
    const result = await spawnPane(['run', '--job', 'flaky_sync', '--', node, '-e', script], { env });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('partial output\n');
    expect(result.stderr).toContain('problem 1\nproblem 2\n');
    expect(result.stderr).toMatch(/pane run: reported run [0-9a-f-]{36} of flaky_sync as failed \(exit 3, \d+ms\)/);
    const [run] = await runsOf('flaky_sync');
    expect(run.state).toBe('FAIL');
    const lines = (run.error ?? '').split('\n');
    expect(lines[0]).toBe('exited with code 3');
    expect(lines.slice(1)).toEqual(Array.from({ length: 50 }, (_, i) => `problem ${31 + i}`));
  });

  test('a command that does not exist: 127, reported as failed', async () => {
    const result = await spawnPane(['run', '--job', 'typo_job', '--', 'no-such-command-anywhere', '--flag'], { env });
    expect(result.code).toBe(127);
    expect(result.stderr).toContain('pane run: command not found: no-such-command-anywhere');
    const [run] = await runsOf('typo_job');
    expect(run).toMatchObject({ state: 'FAIL', error: 'command not found: no-such-command-anywhere' });
  });

  test('the collector unreachable: the command still runs, its exit code wins, a warning says so', async () => {
    const url = await closedPortUrl();
    const result = await spawnPane(['run', '--job', 'offline', '--url', url, '--', node, '-e', "console.log('still ran'); process.exit(5)"], { env });
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('still ran\n');
    expect(result.stderr).toMatch(/pane run: warning: could not report the start of run [0-9a-f-]{36} \(cannot reach the collector at .*connection refused/);
    expect(result.stderr).toMatch(/could not report the finish of run .*; the command ran anyway/);
    const refused = await spawnPane(['run', '--job', 'offline', '--token', 'not-the-right-token-123', '--', node, '-e', ''], { env });
    expect(refused.code).toBe(0);
    expect(refused.stderr).toContain('the collector refused the token');
  });

  test('SIGTERM from a scheduler is passed to the command; the run is ABORT and pane exits 128+15', async () => {
    let child: ChildProcess | undefined;
    const running = spawnPane(['run', '--job', 'long_job', '--', node, '-e', "console.log('ready'); setInterval(() => {}, 1000)"], {
      env,
      onSpawn: (c) => (child = c),
    });
    let output = '';
    const ready = new Promise<void>((resolve) =>
      child!.stdout!.on('data', (chunk) => {
        output += chunk;
        if (output.includes('ready')) resolve();
      }),
    );
    // a pane that ended early fails the test with its output instead of hanging it
    const ended = running.then((r) => Promise.reject(new Error(`pane run ended before the command was ready: ${JSON.stringify(r)}`)));
    await Promise.race([ready, ended]);
    child!.kill('SIGTERM');
    const result = await running;
    expect(result.code).toBe(143);
    const [run] = await runsOf('long_job');
    expect(run).toMatchObject({ state: 'ABORT' });
    expect(run.error).toMatch(/^killed by SIGTERM/);
  });

  test('a pane run inside a pane run is its child; --json prints a summary on stderr', async () => {
    const result = await spawnPane(['run', '--job', 'outer_dag', '--json', '--', node, builtCli, 'run', '--job', 'inner_task', '--', node, '-e', ''], { env });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stderr.trim());
    expect(summary).toMatchObject({ job: 'outer_dag', namespace: 'default', status: 'success', exitCode: 0, reported: { start: true, finish: true }, warnings: [] });
    const [inner] = await runsOf('inner_task');
    expect(inner.parent_run_id).toBe(summary.runId);
  });

  test('CI is detected: the orchestrator and a link to the CI run', async () => {
    const ci = { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/exports', GITHUB_RUN_ID: '42' };
    const result = await spawnPane(['run', '--job', 'gha_export', '--', node, '-e', ''], { env: { ...env, ...ci } });
    expect(result.code).toBe(0);
    const [run] = await runsOf('gha_export');
    expect(run.orchestrator).toBe('github-actions');
  });

  test('usage errors exit 2 before anything runs', async () => {
    const noJob = await spawnPane(['run', '--', node, '-e', "console.log('must not run')"], { env });
    expect(noJob.code).toBe(2);
    expect(noJob.stdout).toBe('');
    expect(noJob.stderr).toContain("required option '--job <name>' not specified");
    const noCommand = await spawnPane(['run', '--job', 'x'], { env });
    expect(noCommand.code).toBe(2);
  });
});

describe('exit codes of the real binary', () => {
  test('0 help and version, 2 usage, 3 unreachable, 4 auth', async () => {
    expect((await spawnPane(['--help'])).code).toBe(0);
    expect((await spawnPane(['--version'])).code).toBe(0);
    const bogus = await spawnPane(['runs', '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("error: unknown option '--bogus'");
    expect((await spawnPane(['no-such-command'])).code).toBe(2);
    const unreachable = await spawnPane(['freshness'], { env: { PANE_URL: await closedPortUrl() } });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('pane freshness: cannot reach the collector');
    expect((await spawnPane(['runs'], { env: { PANE_URL: collector.url } })).code).toBe(4);
    const ok = await spawnPane(['runs', '--json'], { env: { PANE_URL: collector.url, PANE_TOKEN: readToken } });
    expect(ok.code).toBe(0);
    expect(Array.isArray(JSON.parse(ok.stdout))).toBe(true);
  });

  test('--fail-on exits 1 from the real binary, with the table still on stdout', async () => {
    const failing = await spawnPane(['runs', '--job', 'flaky_sync', '--fail-on', 'failed'], { env: { PANE_URL: collector.url, PANE_TOKEN: readToken } });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/flaky_sync\s+default\s+FAIL/);
  });
});
