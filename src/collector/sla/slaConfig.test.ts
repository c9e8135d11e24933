import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSlaConfig, parseSlaConfig, SlaConfigError } from './slaConfig';

const examplePath = path.resolve(__dirname, '../../../examples/slas.yaml');

function problemsOf(text: string, file = 'slas.yaml'): string[] {
  try {
    parseSlaConfig(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(SlaConfigError);
    return (error as SlaConfigError).problems.map((p) => `${file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
  }
  throw new Error('expected the config to be refused');
}

describe('the example config', () => {
  it('is valid and reads as documented', () => {
    const config = loadSlaConfig(examplePath);
    expect(config.file).toBe('slas.yaml');
    expect(config.defaults).toMatchObject({
      severity: 'warning',
      team: 'data-platform',
      owners: ['data-platform@acme.example'],
      freshness: { warnAfterSeconds: 26 * 3600, criticalAfterSeconds: 2 * 86_400 },
      minQualityPassRatio: 0.95,
      origin: { file: 'slas.yaml', line: 7, path: 'defaults' },
    });
    expect(config.datasets).toHaveLength(4);
    expect(config.datasets[1]).toMatchObject({
      namespace: 'snowflake://acme.eu-west-1',
      dataset: 'analytics.marts.finance_*',
      severity: 'critical',
      freshness: { expectedSchedule: { cron: '0 6 * * *', timezone: 'Europe/Berlin', graceSeconds: 7200, warnGraceSeconds: 3600 } },
      minQualityPassRatio: 1,
    });
    expect(config.datasets[3]).toMatchObject({ tags: { tier: 'gold' }, severity: 'critical' });
    expect(config.jobs[0]).toMatchObject({
      namespace: 'airflow-prod',
      job: 'orders_daily.*',
      expectedSchedule: { cron: '0 5 * * *', timezone: 'UTC', graceSeconds: 5400 },
    });
    // origins point at the first line of each rule
    const lines = fs.readFileSync(examplePath, 'utf8').split('\n');
    for (const rule of [...config.datasets, ...config.jobs]) {
      expect(lines[rule.origin.line - 1]).toMatch(/^\s+- /);
    }
  });
});

describe('parseSlaConfig', () => {
  it('takes an empty file as "no SLAs"', () => {
    expect(parseSlaConfig('', 'empty.yaml')).toMatchObject({ datasets: [], jobs: [] });
    expect(parseSlaConfig('# nothing yet\n', 'empty.yaml')).toMatchObject({ datasets: [], jobs: [] });
  });

  it('names the file, line and field of a bad duration', () => {
    const text = [
      'datasets:', // 1
      '  - dataset: a', // 2
      '    severity: info', // 3
      '  - dataset: b', // 4
      '    severity: info', // 5
      '  - namespace: warehouse', // 6
      '    dataset: "orders*"', // 7
      '    freshness:', // 8
      '      warnAfter: 6 hours', // 9
      '      criticalAfter: 12h', // 10
    ].join('\n');
    expect(problemsOf(text)).toEqual(['slas.yaml:9: datasets[2].freshness.warnAfter: "6 hours" is not a duration like 90m, 6h or 2d']);
  });

  it('lists every problem at once, each on its own line', () => {
    const text = `
defaults:
  severity: urgent
  minQualityPassRatio: 95
datasets:
  - dataset: "orders"
    freshnes:
      warnAfter: 1h
  - team: nobody
  - dataset: "[unclosed"
    owners: [alice, 42, ""]
jobs:
  - job: nightly
    expectedSchedule:
      cron: "0 25 * * *"
      grace: 1h
  - job: hourly
    expectedSchedule:
      cron: "@hourly"
`;
    expect(problemsOf(text, 'team.yaml')).toEqual([
      'team.yaml:3: defaults.severity: "urgent" is not one of info, warning, error, critical',
      'team.yaml:4: defaults.minQualityPassRatio: 95 is not a ratio between 0 and 1 (0.95 means 95% of checks pass)',
      'team.yaml:6: datasets[0]: sets nothing: give it freshness, minQualityPassRatio, owners, team or severity',
      'team.yaml:7: datasets[0].freshnes: is not a known field (did you mean freshness?); expected one of namespace, dataset, tags, freshness, minQualityPassRatio, owners, team, severity',
      'team.yaml:9: datasets[1]: a dataset rule needs namespace, dataset or tags to say which datasets it is for (settings for every dataset go under defaults)',
      expect.stringMatching(/^team\.yaml:10: datasets\[2\]\.dataset: "\[unclosed" is not a valid glob/),
      'team.yaml:11: datasets[2].owners[2]: "" is not a non-empty text',
      expect.stringMatching(/^team\.yaml:15: jobs\[0\]\.expectedSchedule\.cron: "0 25 \* \* \*" is not a valid cron expression/),
      'team.yaml:18: jobs[1].expectedSchedule.grace: is missing: how long after the scheduled time the update may arrive, like 2h',
    ]);
  });

  it('checks that warning comes before critical', () => {
    expect(problemsOf('defaults:\n  freshness:\n    warnAfter: 2d\n    criticalAfter: 1d\n')).toEqual([
      'slas.yaml:3: defaults.freshness.warnAfter: must be shorter than criticalAfter',
    ]);
    expect(
      problemsOf('datasets:\n  - dataset: x\n    freshness:\n      expectedSchedule: { cron: "0 6 * * *", grace: 1h, warnGrace: 2h }\n'),
    ).toEqual(['slas.yaml:4: datasets[0].freshness.expectedSchedule.warnGrace: must be shorter than grace']);
  });

  it('refuses six-field cron, unknown time zones and empty freshness', () => {
    expect(
      problemsOf(
        [
          'datasets:',
          '  - dataset: a',
          '    freshness:',
          '      expectedSchedule:',
          '        cron: "0 0 6 * * *"',
          '        grace: 1h',
          '  - dataset: b',
          '    freshness:',
          '      expectedSchedule:',
          '        cron: "0 6 * * *"',
          '        grace: 1h',
          '        timezone: Mars/Olympus',
          '  - dataset: c',
          '    freshness: {}',
        ].join('\n'),
      ),
    ).toEqual([
      'slas.yaml:5: datasets[0].freshness.expectedSchedule.cron: "0 0 6 * * *" is not a cron expression: expected 5 fields (minute hour day-of-month month day-of-week) or @hourly, @daily, @weekly, @monthly',
      'slas.yaml:12: datasets[1].freshness.expectedSchedule.timezone: "Mars/Olympus" is not an IANA time zone like UTC or Europe/Berlin',
      'slas.yaml:14: datasets[2].freshness: needs warnAfter, criticalAfter or expectedSchedule',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('datasets:\n  - dataset: a\n    severity: [info\n  - dataset: b\n')).toEqual([
      expect.stringMatching(/^slas\.yaml:[34]: not valid YAML: /),
    ]);
    expect(problemsOf('defaults:\n  team: a\n  team: b\n')).toEqual([expect.stringMatching(/^slas\.yaml:3: not valid YAML: Map keys must be unique/)]);
  });

  it('refuses the wrong shapes and versions', () => {
    expect(problemsOf('- a\n- b\n')).toEqual([
      'slas.yaml:1: (top level): must be a mapping of fields (version, defaults, datasets, jobs), got a list',
    ]);
    expect(problemsOf('version: 2\ndatasets: {}\n')).toEqual([
      'slas.yaml:1: version: must be 1 (the only version so far)',
      'slas.yaml:2: datasets: must be a list, got a mapping',
    ]);
  });

  it('takes a single owner as a list of one, and anchors', () => {
    const config = parseSlaConfig('datasets:\n  - dataset: a\n    owners: alice\n');
    expect(config.datasets[0].owners).toEqual(['alice']);
    const anchored = parseSlaConfig(
      'defaults:\n  freshness: &fast\n    warnAfter: 1h\n    criticalAfter: 2h\ndatasets:\n  - dataset: a\n    freshness: *fast\n',
    );
    expect(anchored.datasets[0].freshness).toEqual({ warnAfterSeconds: 3600, criticalAfterSeconds: 7200 });
  });
});

describe('loadSlaConfig', () => {
  it('says when the file cannot be read', () => {
    const missing = path.join(os.tmpdir(), 'pane-no-such-dir', 'slas.yaml');
    expect(() => loadSlaConfig(missing)).toThrow(/slas\.yaml:0: cannot read .*ENOENT/);
  });

  it('puts every problem in the error message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-sla-'));
    try {
      const file = path.join(dir, 'team-slas.yaml');
      fs.writeFileSync(file, 'defaults:\n  severity: loud\n  team: ""\n');
      expect(() => loadSlaConfig(file)).toThrow(
        'team-slas.yaml has 2 problems:\n  team-slas.yaml:2: defaults.severity: "loud" is not one of info, warning, error, critical\n  team-slas.yaml:3: defaults.team: "" is not a non-empty text',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
