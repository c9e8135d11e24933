import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuth, testTokens } from './support/collectorApp';
import { builtCli, type CollectorProcess, repoRoot, startCollectorProcess } from './support/collectorProcess';

/** `pane serve --sla-config`: a real process loads the example config, or refuses a broken one. */
describe('pane serve --sla-config', () => {
  let dir: string;
  let collector: CollectorProcess | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-sla-serve-'));
  });
  afterAll(async () => {
    await collector?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const serve = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [builtCli, 'serve', '--host', '127.0.0.1', '--port', '0', '--database', path.join(dir, 'refused.sqlite'), ...args], {
        env: { ...process.env, PANE_TOKENS: testTokens, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });

  it('refuses to start on a config with problems, naming file, line and field', async () => {
    const file = path.join(dir, 'broken-slas.yaml');
    fs.writeFileSync(file, 'datasets:\n  - dataset: "orders*"\n    freshness:\n      warnAfter: 6 hours\n    severity: urgent\n');
    const { code, stderr } = await serve(['--sla-config', file]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'pane serve: broken-slas.yaml has 2 problems:\n' +
        '  broken-slas.yaml:4: datasets[0].freshness.warnAfter: "6 hours" is not a duration like 90m, 6h or 2d\n' +
        '  broken-slas.yaml:5: datasets[0].severity: "urgent" is not one of info, warning, error, critical\n',
    );
    expect(fs.existsSync(path.join(dir, 'refused.sqlite'))).toBe(false);
  });

  it('takes the config from PANE_SLA_CONFIG too, and says when the file is missing', async () => {
    const { code, stderr } = await serve([], { PANE_SLA_CONFIG: path.join(dir, 'no-such.yaml') });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^pane serve: no-such\.yaml has a problem:\n {2}no-such\.yaml:0: cannot read .*no-such\.yaml: ENOENT/);
  });

  it('serves the SLAs of a valid config', async () => {
    collector = await startCollectorProcess(path.join(dir, 'pane.sqlite'), { PANE_TOKENS: testTokens }, ['--sla-config', path.join(repoRoot, 'examples', 'slas.yaml')]);
    const response = await fetch(`${collector.url}/api/v1/sla/dataset?node=${encodeURIComponent('dataset:postgres%3A//orders-db%3A5432:public.orders')}`, { headers: readAuth });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      known: false,
      sla: {
        freshness: { warnAfter: { text: '1h30m' }, criticalAfter: { text: '3h' }, source: 'slas.yaml:41 (datasets[2])' },
        owners: { value: ['orders-team@acme.example'] },
        team: { value: 'orders' },
      },
    });
    const metrics = await fetch(`${collector.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('# TYPE pane_dataset_freshness_critical_seconds gauge');
  });
});
