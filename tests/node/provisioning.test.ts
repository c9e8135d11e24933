// Dashboards-as-code, provisioning and docker-compose.yml, checked without a Docker engine or a
// Grafana: the generated files are what the code generates now, docker-compose.yml is valid
// against the Compose specification, and every file, uid, data source, receiver and mute timing
// that one file names exists in another.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';

import { collectorScrapeJob } from '../../src/alerts/metricNames';
import { queryKinds } from '../../src/contract/query';
import { dashboardDefinitions, dashboardIncludes, datasourceUids, pluginIds } from '../../src/dashboards';
import { dashboardUids } from '../../src/dashboards/uids';
import { generatedFiles, staleFiles } from '../../scripts/generate';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const readJson = (file: string) => JSON.parse(read(file));
const readYaml = (file: string) => parseYaml(read(file), { uniqueKeys: true, merge: true });

type Json = Record<string, any>;

/** Every value in a JSON tree, with its path. */
function* walk(value: unknown, at = ''): Generator<{ path: string; value: unknown; key?: string }> {
  yield { path: at, value };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      yield* walk(value[i], `${at}/${i}`);
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      for (const entry of walk(item, `${at}/${key}`)) {
        yield entry.path === `${at}/${key}` ? { ...entry, key } : entry;
      }
    }
  }
}

const dashboards = dashboardDefinitions.map((definition) => ({ definition, json: readJson(`dashboards/${definition.file}`) as Json }));
const compose = readYaml('docker-compose.yml') as Json;

describe('generated files', () => {
  it('are what `npm run generate` writes now (regenerated in memory)', () => {
    expect(staleFiles(root), 'run `npm run generate` and commit the result').toEqual([]);
  });

  it('cover the six dashboards and every alerting file', () => {
    const paths = generatedFiles().map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'dashboards/overview.json',
        'dashboards/job-detail.json',
        'dashboards/dataset-health.json',
        'dashboards/lineage-explorer.json',
        'dashboards/data-quality.json',
        'dashboards/collector-health.json',
        'alerts/pipelinepane.rules.yml',
        'alerts/alertmanager.yml',
        'provisioning/alerting/rules.yaml',
        'provisioning/alerting/contact-points.yaml',
        'provisioning/alerting/notification-policies.yaml',
        'provisioning/alerting/mute-timings.yaml',
      ]),
    );
  });

  it('are well-formed JSON and YAML', () => {
    for (const file of generatedFiles()) {
      if (file.path.endsWith('.json')) {
        expect(() => JSON.parse(file.content), file.path).not.toThrow();
      } else if (/\.ya?ml$/.test(file.path)) {
        expect(() => parseYaml(file.content, { uniqueKeys: true }), file.path).not.toThrow();
      }
    }
  });
});

describe('dashboards', () => {
  it('have the stable uids the data source links to', () => {
    expect(dashboards.map(({ json }) => json.uid).sort()).toEqual(Object.values(dashboardUids).sort());
    expect(dashboardUids).toEqual({
      overview: 'pipelinepane-overview',
      jobDetail: 'pipelinepane-job-detail',
      datasetHealth: 'pipelinepane-dataset-health',
      lineage: 'pipelinepane-lineage',
      quality: 'pipelinepane-quality',
      collector: 'pipelinepane-collector',
    });
  });

  it('take the variables the links give them: job detail namespace and job, dataset health dataset', () => {
    const variables = (uid: string) => dashboards.find(({ json }) => json.uid === uid)!.json.templating.list.map((v: Json) => v.name);
    expect(variables('pipelinepane-job-detail')).toEqual(expect.arrayContaining(['namespace', 'job']));
    expect(variables('pipelinepane-dataset-health')).toEqual(expect.arrayContaining(['dataset']));
  });

  it.each(dashboards.map(({ definition, json }) => [definition.file, json] as const))('%s: every panel has a unique id, a data source and valid queries', (_file, json) => {
    const panels: Json[] = json.panels.flatMap((panel: Json) => [panel, ...(panel.panels ?? [])]);
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const variables = new Set(json.templating.list.map((v: Json) => v.name));
    for (const panel of panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource, `panel "${panel.title}"`).toBeDefined();
      const uid = String(panel.datasource.uid);
      const variable = /^\$\{(\w+)\}$/.exec(uid)?.[1];
      expect(variable && variables.has(variable), `panel "${panel.title}" picks its data source by a variable of this dashboard`).toBe(true);
      for (const target of panel.targets ?? []) {
        if (target.datasource?.type === pluginIds.datasource) {
          expect(queryKinds, `panel "${panel.title}" query ${target.refId}`).toContain(target.kind);
        } else {
          expect(target.datasource?.type, `panel "${panel.title}"`).toBe('prometheus');
          expect(typeof target.expr).toBe('string');
        }
      }
    }
  });

  it('link only to dashboards that exist, with variables those dashboards have', () => {
    const byUid = new Map(dashboards.map(({ json }) => [json.uid as string, new Set(json.templating.list.map((v: Json) => v.name as string))]));
    let links = 0;
    for (const { definition, json } of dashboards) {
      for (const { value, path: at } of walk(json)) {
        if (typeof value !== 'string') {
          continue;
        }
        for (const match of value.matchAll(/\/d\/([\w-]+)(?:\/[\w-]+)?(\?[^"\s]*)?/g)) {
          links++;
          const target = byUid.get(match[1]);
          expect(target, `${definition.file}${at} links to ${match[1]}`).toBeDefined();
          for (const variable of (match[2] ?? '').matchAll(/var-(\w+)=/g)) {
            expect(target!.has(variable[1]), `${definition.file}${at}: ${match[1]} has no variable ${variable[1]}`).toBe(true);
          }
        }
      }
    }
    expect(links).toBeGreaterThanOrEqual(8);
  });

  it('query Prometheus with PromQL that Prometheus parses (variables filled in as Grafana would)', () => {
    const exprs = dashboards.flatMap(({ json }) =>
      json.panels
        .flatMap((panel: Json) => panel.targets ?? [])
        .filter((target: Json) => target.datasource?.type === 'prometheus')
        .map((target: Json) => target.expr as string),
    );
    expect(exprs.length).toBeGreaterThan(10);
    const filled = exprs.map((expr) =>
      expr
        .replace(/\$__rate_interval/g, '1m')
        .replace(/\$__range/g, '1h')
        .replace(/\$\{?namespace\}?/g, '')
        .replace(/\$\{?collector_job\}?/g, collectorScrapeJob)
        .replace(/\$\{?instance\}?/g, '.*'),
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-dashboard-promql-'));
    try {
      const rules = { groups: [{ name: 'dashboards', rules: filled.map((expr, i) => ({ record: `pane_dashboard_query_${i}`, expr })) }] };
      fs.writeFileSync(path.join(dir, 'queries.rules.yml'), JSON.stringify(rules));
      const output = execFileSync('promtool', ['check', 'rules', path.join(dir, 'queries.rules.yml')], { encoding: 'utf8' });
      expect(output).toContain(`SUCCESS: ${filled.length} rules found`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('use the lineage panel where lineage is shown', () => {
    const types = (uid: string) => dashboards.find(({ json }) => json.uid === uid)!.json.panels.map((p: Json) => p.type);
    expect(types('pipelinepane-lineage')).toContain(pluginIds.lineagePanel);
    expect(types('pipelinepane-dataset-health')).toContain(pluginIds.lineagePanel);
  });

  it('are listed in the app plugin.json includes, as the build copies them into dist/dashboards', () => {
    const app = readJson('src/plugin.json');
    const included = app.includes.filter((include: Json) => include.type === 'dashboard');
    expect(included).toEqual(dashboardIncludes());
    for (const include of included) {
      expect(fs.existsSync(path.join(root, include.path)), include.path).toBe(true);
    }
    expect(read('.config/webpack/webpack.config.ts')).toContain("{ from: '../dashboards/*.json', to: 'dashboards/[name][ext]'");
  });

  it('are in the built plugin (dist/) beside the plugin.json that includes them', () => {
    if (!fs.existsSync(path.join(root, 'dist', 'plugin.json'))) {
      throw new Error('the plugin is not built: run `npm run build` first (npm test does)');
    }
    for (const include of readJson('dist/plugin.json').includes.filter((i: Json) => i.type === 'dashboard')) {
      expect(fs.existsSync(path.join(root, 'dist', include.path)), `dist/${include.path}`).toBe(true);
      expect(JSON.parse(read(`dist/${include.path}`)).uid).toBe(include.uid);
    }
  });
});

describe('docker-compose.yml', () => {
  // Vendored with its licence, as the OpenLineage schemas are; kept byte-identical to ../shared when that is checked out beside.
  const specFile = path.join(root, 'tests', 'node', 'reference', 'compose-spec', 'compose-spec.json');
  const sharedSpecFile = path.resolve(root, '..', 'shared', 'reference', 'compose-spec', 'compose-spec.json');

  it.skipIf(!fs.existsSync(sharedSpecFile))('vendors the Compose specification byte-identical to the reference copy', () => {
    expect(fs.readFileSync(specFile)).toEqual(fs.readFileSync(sharedSpecFile));
  });

  it('is valid against the Compose specification', () => {
    const schema = JSON.parse(fs.readFileSync(specFile, 'utf8'));
    delete schema.$schema; // draft-07, which Ajv uses by default (the file names it by its https address)
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...compose, services: { grafana: { ...compose.services.grafana, ports: 3000 } } })).toBe(false);
  });

  it('runs Grafana inside the plugins’ grafanaDependency, with the built plugin allowed unsigned for its ids only', () => {
    const grafana = compose.services.grafana;
    const [, version] = /^grafana\/grafana:(\d+\.\d+\.\d+)$/.exec(grafana.image) ?? [];
    expect(version, 'a pinned Grafana version').toBeDefined();
    const dependency = readJson('src/plugin.json').dependencies.grafanaDependency as string;
    const minimum = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(dependency)!.slice(1).map(Number);
    const pinned = version.split('.').map(Number);
    expect(pinned[0] * 1e6 + pinned[1] * 1e3 + pinned[2]).toBeGreaterThanOrEqual(minimum[0] * 1e6 + minimum[1] * 1e3 + minimum[2]);
    expect(pinned[0]).toBe(minimum[0]);
    const ids = [readJson('src/plugin.json').id, readJson('src/datasource/plugin.json').id, readJson('src/panel/plugin.json').id];
    expect(grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',').sort()).toEqual(ids.sort());
    expect(grafana.volumes).toContain('./dist:/var/lib/grafana/plugins/pipelinepane-app:ro');
  });

  it('has the collector on a SQLite volume by default, PostgreSQL in a profile, Prometheus, Alertmanager and the demo', () => {
    const services = compose.services;
    expect(Object.keys(services).sort()).toEqual(['alertmanager', 'collector', 'demo', 'grafana', 'postgres', 'prometheus']);
    expect(services.collector.volumes).toContain('pane-data:/data');
    expect(services.collector.environment.PANE_DATABASE_URL).toContain('/data/pane.sqlite');
    expect(services.postgres.profiles).toEqual(['postgres']);
    expect(services.collector.depends_on.postgres).toEqual({ condition: 'service_healthy', required: false });
    expect(services.prometheus.volumes).toContain('./alerts:/etc/prometheus/rules:ro');
    expect(services.alertmanager.command).toContain('--cluster.listen-address=');
    expect(services.demo.command).toEqual(['node', 'build/scripts/demo.js']);
    expect(fs.existsSync(path.join(root, services.collector.build.dockerfile))).toBe(true);
  });

  it('publishes ports on 127.0.0.1 only', () => {
    for (const [name, service] of Object.entries(compose.services as Record<string, Json>)) {
      for (const port of service.ports ?? []) {
        expect(String(port), name).toMatch(/^127\.0\.0\.1:/);
      }
    }
  });

  it('mounts files and folders that exist', () => {
    for (const [name, service] of Object.entries(compose.services as Record<string, Json>)) {
      for (const volume of service.volumes ?? []) {
        const source = String(volume).split(':')[0];
        if (source.startsWith('./')) {
          // dist/ is what `npm run build` makes; everything else is in the repository.
          if (source === './dist') {
            continue;
          }
          expect(fs.existsSync(path.join(root, source)), `${name} mounts ${source}`).toBe(true);
        }
      }
    }
  });

  it('gives Grafana every variable the provisioning files use', () => {
    const provided = new Set(Object.keys(compose.services.grafana.environment));
    for (const file of provisioningFiles()) {
      const text = read(file)
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('#'))
        .join('\n')
        .replace(/\$\$/g, '');
      for (const match of text.matchAll(/\$\{?([A-Z][A-Z0-9_]*)\}?/g)) {
        expect(provided.has(match[1]), `${file} uses $${match[1]}`).toBe(true);
      }
    }
  });

  it('starts Alertmanager through an entrypoint that is valid sh', () => {
    execFileSync('sh', ['-n', path.join(root, 'docker/alertmanager/entrypoint.sh')]);
    expect(compose.services.alertmanager.entrypoint).toEqual(['/bin/sh', '/etc/pane/entrypoint.sh']);
    expect(compose.services.alertmanager.volumes).toContain('./docker/alertmanager/entrypoint.sh:/etc/pane/entrypoint.sh:ro');
  });

  it('gives Alertmanager every secret its entrypoint writes', () => {
    const environment = new Set(Object.keys(compose.services.alertmanager.environment));
    for (const match of read('docker/alertmanager/entrypoint.sh').matchAll(/^write_secret (\w+)/gm)) {
      expect(environment.has(match[1]), match[1]).toBe(true);
    }
  });
});

function provisioningFiles(): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const file = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        visit(file);
      } else {
        files.push(file);
      }
    }
  };
  visit('provisioning');
  return files.sort();
}

describe('provisioning/', () => {
  it('has data sources, dashboards, the app and alerting, every file well-formed YAML', () => {
    const files = provisioningFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        'provisioning/datasources/pipelinepane.yaml',
        'provisioning/dashboards/pipelinepane.yaml',
        'provisioning/plugins/pipelinepane.yaml',
        'provisioning/alerting/rules.yaml',
      ]),
    );
    for (const file of files) {
      expect(file).toMatch(/\.ya?ml$/);
      const document = readYaml(file);
      expect(document.apiVersion, file).toBe(1);
    }
  });

  const datasources = readYaml('provisioning/datasources/pipelinepane.yaml').datasources as Json[];

  it('provisions the Pipeline Pane data source with its token from the environment, and Prometheus and Alertmanager', () => {
    const pane = datasources.find((d) => d.uid === datasourceUids.pane)!;
    expect(pane.type).toBe(readJson('src/datasource/plugin.json').id);
    expect(pane.secureJsonData.apiToken).toMatch(/^\$\{?PANE_READ_TOKEN\}?$/);
    expect(pane.jsonData.collectorUrl).toMatch(/^\$/);
    expect(datasources.find((d) => d.uid === datasourceUids.prometheus)?.type).toBe('prometheus');
    expect(datasources.find((d) => d.uid === datasourceUids.alertmanager)?.type).toBe('alertmanager');
    expect(datasources.find((d) => d.uid === datasourceUids.prometheus)?.jsonData.alertmanagerUid).toBe(datasourceUids.alertmanager);
  });

  it('points the dashboards provider at the folder docker-compose.yml mounts dashboards/ into', () => {
    const provider = readYaml('provisioning/dashboards/pipelinepane.yaml').providers[0];
    expect(compose.services.grafana.volumes).toContain(`./dashboards:${provider.options.path}:ro`);
    expect(compose.services.grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(`${provider.options.path}/overview.json`);
  });

  it('enables the app plugin by its id', () => {
    const apps = readYaml('provisioning/plugins/pipelinepane.yaml').apps;
    expect(apps).toEqual([expect.objectContaining({ type: readJson('src/plugin.json').id, disabled: false })]);
  });

  it('dashboards default to the provisioned data sources', () => {
    for (const { definition, json } of dashboards) {
      for (const variable of json.templating.list.filter((v: Json) => v.type === 'datasource')) {
        expect(datasources.map((d) => d.uid), definition.file).toContain(variable.current.value);
        expect(datasources.find((d) => d.uid === variable.current.value)!.type, definition.file).toBe(variable.query);
      }
    }
  });

  it('alert rules query a provisioned data source or an expression', () => {
    const groups = readYaml('provisioning/alerting/rules.yaml').groups as Json[];
    const uids = new Set([...datasources.map((d) => d.uid), '__expr__']);
    const ruleUids = new Set<string>();
    for (const rule of groups.flatMap((g) => g.rules)) {
      expect(ruleUids.has(rule.uid), `duplicate rule uid ${rule.uid}`).toBe(false);
      ruleUids.add(rule.uid);
      expect(rule.uid.length).toBeLessThanOrEqual(40);
      const refIds = new Set(rule.data.map((d: Json) => d.refId));
      expect(refIds.has(rule.condition), rule.title).toBe(true);
      for (const query of rule.data) {
        expect(uids.has(query.datasourceUid), `${rule.title} ${query.refId}`).toBe(true);
        if (query.model.type === 'reduce') {
          expect(refIds.has(query.model.expression), `${rule.title} ${query.refId}`).toBe(true);
        }
      }
      // Grafana expands $VARIABLES in these files: template dollars are escaped as $$.
      expect(JSON.stringify(rule.annotations)).not.toMatch(/(^|[^$])\$[a-z]/);
    }
  });

  it('routes every policy to a provisioned contact point, muted only by provisioned mute timings', () => {
    const contactPoints = new Set((readYaml('provisioning/alerting/contact-points.yaml').contactPoints as Json[]).map((c) => c.name));
    const muteTimings = new Set((readYaml('provisioning/alerting/mute-timings.yaml').muteTimes as Json[]).map((m) => m.name));
    const visit = (policy: Json) => {
      expect(contactPoints.has(policy.receiver), policy.receiver).toBe(true);
      for (const mute of policy.mute_time_intervals ?? []) {
        expect(muteTimings.has(mute), mute).toBe(true);
      }
      (policy.routes ?? []).forEach(visit);
    };
    (readYaml('provisioning/alerting/notification-policies.yaml').policies as Json[]).forEach(visit);
  });

  it('keeps secrets out of contact points: webhook URLs and keys are environment variables', () => {
    const contactPoints = readYaml('provisioning/alerting/contact-points.yaml').contactPoints as Json[];
    const integrations = contactPoints.flatMap((c) => c.receivers);
    expect(integrations.length).toBeGreaterThan(0);
    for (const integration of integrations) {
      const secret = integration.type === 'slack' ? integration.settings.url : integration.type === 'pagerduty' ? integration.settings.integrationKey : undefined;
      if (secret !== undefined) {
        expect(secret, integration.uid).toMatch(/^\$\{?PANE_[A-Z0-9_]+\}?$/);
      }
      expect(integration.uid.length).toBeLessThanOrEqual(40);
    }
  });
});

describe('Prometheus configuration for docker-compose', () => {
  const config = readYaml('docker/prometheus/prometheus.yml');

  it('scrapes the collector as the job the alert rules name, keeping the per-job metrics’ own job label', () => {
    const job = config.scrape_configs.find((c: Json) => c.job_name === collectorScrapeJob);
    expect(job).toBeDefined();
    expect(job.honor_labels).toBe(true);
    expect(job.static_configs[0].targets).toEqual(['collector:7070']);
    expect(config.rule_files).toEqual(['/etc/prometheus/rules/*.rules.yml']);
  });

  it('passes promtool check config (with the rules where the container finds them)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-promconfig-'));
    try {
      fs.copyFileSync(path.join(root, 'alerts', 'pipelinepane.rules.yml'), path.join(dir, 'pipelinepane.rules.yml'));
      const text = read('docker/prometheus/prometheus.yml').replace('/etc/prometheus/rules/', `${dir}/`);
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), text);
      const output = execFileSync('promtool', ['check', 'config', path.join(dir, 'prometheus.yml')], { encoding: 'utf8' });
      expect(output).toContain('SUCCESS');
      expect(output).toMatch(/\d+ rules found/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
