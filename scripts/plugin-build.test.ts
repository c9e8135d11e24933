// Checks the built plugin the way Grafana will meet it: AMD modules that take Grafana's shared
// modules as dependencies, plugin.json files Grafana's schema accepts, and a zip that unpacks
// into one folder named after the app's id.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

const PLUGINS = [
  { dir: '', id: 'pipelinepane-app', type: 'app' },
  { dir: 'datasource', id: 'pipelinepane-datasource', type: 'datasource' },
  { dir: 'panel', id: 'pipelinepane-lineage-panel', type: 'panel' },
];

// What Grafana shares with plugins at runtime (see .config/webpack/webpack.config.ts).
const SHARED_MODULES = new Set([
  'lodash', 'jquery', 'moment', 'slate', 'emotion', '@emotion/react', '@emotion/css', 'prismjs',
  'slate-plain-serializer', '@grafana/slate-react', 'react', 'react-dom', 'react-redux', 'redux',
  'rxjs', 'rxjs/operators', 'i18next', 'react-router', 'react-router-dom', 'd3', 'angular',
  '@grafana/ui', '@grafana/runtime', '@grafana/data',
]);

const newestMtime = (target: string): number => {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return fs
    .readdirSync(target)
    .filter((name) => !['collector', 'cli', 'node_modules'].includes(name))
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), stat.mtimeMs);
};

const npmRun = (script: string) =>
  execFileSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'pipe', timeout: 300_000 });

const readDist = (file: string) => fs.readFileSync(path.join(dist, file), 'utf8');
const distPath = (dir: string, file: string) => (dir ? `${dir}/${file}` : file);

async function zipEntries(zipFile: string): Promise<string[]> {
  const open = promisify(yauzl.open) as (file: string, options: yauzl.Options) => Promise<yauzl.ZipFile>;
  const zip = await open(zipFile, { lazyEntries: true });
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      names.push(entry.fileName);
      zip.readEntry();
    });
    zip.on('end', () => resolve(names));
    zip.on('error', reject);
    zip.readEntry();
  });
}

beforeAll(() => {
  // Build once when dist/ is missing or older than what it is built from, so a stale dist/
  // cannot pass for the current sources.
  const built = path.join(dist, 'module.js');
  const inputs = ['src', '.config/webpack', 'package.json', 'CHANGELOG.md', 'LICENSE'].map((p) => path.join(root, p));
  if (!fs.existsSync(built) || Math.max(...inputs.map(newestMtime)) > fs.statSync(built).mtimeMs) {
    npmRun('build:plugin');
  }
}, 300_000);

// Source files that end up in a plugin's module.js: its folder, minus tests and, for the app
// at src/, minus the nested plugins and the Node-side rooms.
function sourceFiles(dir: string): string[] {
  const skip = dir ? [] : [...PLUGINS.map((plugin) => plugin.dir).filter(Boolean), 'collector', 'cli', 'img'];
  const walk = (folder: string): string[] =>
    fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        return folder === path.join(root, 'src') && skip.includes(entry.name) ? [] : walk(full);
      }
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
    });
  return walk(path.join(root, 'src', dir));
}

// Shared modules a plugin's sources import at runtime (type-only imports vanish in the build).
function sharedImports(dir: string): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(dir)) {
    const source = fs.readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)) {
      if (SHARED_MODULES.has(match[1])) {
        found.add(match[1]);
      }
    }
  }
  return [...found].sort();
}

describe('built modules', () => {
  it.each(PLUGINS)('$id is an AMD module over Grafana’s shared modules', ({ dir }) => {
    const source = readDist(distPath(dir, 'module.js'));
    const match = /^(?:\/\*[\s\S]*?\*\/\s*)?define\((\[[^\]]*\])\s*,/.exec(source);
    expect(match, 'module.js starts with define([...], factory)').not.toBeNull();
    const dependencies = JSON.parse(match![1]) as string[];
    // Every shared module the sources import is a dependency, so none of them was bundled
    // (react comes in through JSX, whose runtime requires it)...
    expect(dependencies).toEqual(expect.arrayContaining(['react', '@grafana/data', ...sharedImports(dir)]));
    // ...and nothing Grafana does not share was left for Grafana to provide.
    expect(dependencies.filter((dependency) => !SHARED_MODULES.has(dependency))).toEqual([]);
  });

  it.each(PLUGINS)('$id carries no copy of React', ({ dir }) => {
    const source = readDist(distPath(dir, 'module.js'));
    const versionOf = (pkg: string) =>
      (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
        .version;
    // React's and ReactDOM's builds embed their version string; a bundled copy brings it along.
    for (const pkg of ['react', 'react-dom']) {
      expect(source, `${pkg} is bundled`).not.toContain(`"${versionOf(pkg)}"`);
    }
    // @grafana/ui alone is megabytes: a plugin module this small cannot contain it.
    expect(source.length).toBeLessThan(200_000);
  });
});

describe('plugin.json files in dist', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(root, '.config/plugin.schema.json'), 'utf8'));
  // Grafana's schema uses keywords strict mode rejects (additionalItems without tuple items) and
  // patterns with escapes (\-, \%) that are only valid outside unicode mode.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it.each(PLUGINS)('$id is valid against Grafana’s plugin.json schema', ({ dir, id, type }) => {
    const text = readDist(distPath(dir, 'plugin.json'));
    expect(text).not.toMatch(/%(VERSION|TODAY|PLUGIN_ID)%/);
    const pluginJson = JSON.parse(text);
    expect(validate(pluginJson) ? [] : validate.errors).toEqual([]);
    expect(pluginJson).toMatchObject({ id, type, info: { version }, dependencies: { grafanaDependency: '>=12.4.0' } });
    expect(pluginJson.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const logo of Object.values(pluginJson.info.logos) as string[]) {
      expect(fs.existsSync(path.join(dist, dir, logo)), `${logo} exists beside ${id}'s plugin.json`).toBe(true);
    }
  });

  it('includes the nested data source and panel in the app', () => {
    const app = JSON.parse(readDist('plugin.json'));
    const names = (type: string) =>
      app.includes.filter((include: { type: string }) => include.type === type).map((include: { name: string }) => include.name);
    expect(names('datasource')).toEqual([JSON.parse(readDist('datasource/plugin.json')).name]);
    expect(names('panel')).toEqual([JSON.parse(readDist('panel/plugin.json')).name]);
  });

  it('proxies the data source to the collector with the token as a bearer header', () => {
    const datasource = JSON.parse(readDist('datasource/plugin.json'));
    expect(datasource.routes).toEqual([
      {
        path: 'collector',
        url: '{{ .JsonData.collectorUrl }}',
        headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiToken }}' }],
      },
    ]);
  });

  it('rejects what Grafana would reject', () => {
    const app = JSON.parse(readDist('plugin.json'));
    expect(validate({ ...app, id: 'Pipeline Pane' })).toBe(false);
    expect(validate({ ...app, info: { ...app.info, keywords: [] } })).toBe(false);
    expect(validate({ ...app, dependencies: {} })).toBe(false);
    expect(validate({ ...app, unknownField: true })).toBe(false);
  });
});

describe('npm run package', () => {
  it('zips dist under one pipelinepane-app/ folder', async () => {
    npmRun('package');
    const entries = await zipEntries(path.join(root, `pipelinepane-app-${version}.zip`));
    expect(entries).toEqual(
      expect.arrayContaining([
        'pipelinepane-app/plugin.json',
        'pipelinepane-app/module.js',
        'pipelinepane-app/datasource/module.js',
        'pipelinepane-app/datasource/plugin.json',
        'pipelinepane-app/panel/module.js',
        'pipelinepane-app/panel/plugin.json',
        'pipelinepane-app/img/logo.svg',
        'pipelinepane-app/README.md',
        'pipelinepane-app/CHANGELOG.md',
        'pipelinepane-app/LICENSE',
      ]),
    );
    expect(entries.filter((entry) => !entry.startsWith('pipelinepane-app/'))).toEqual([]);
  }, 120_000);
});
