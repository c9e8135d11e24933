/*
 * Builds the app plugin and its nested plugins the way Grafana loads them: one AMD module per
 * plugin (`define([...shared modules], factory)`), with Grafana's shared modules left external
 * so the plugin uses the very React and @grafana/* instances Grafana runs.
 * Follows the layout of @grafana/create-plugin's .config/webpack/webpack.config.ts.
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import fs from 'node:fs';
import path from 'node:path';
import type { Configuration } from 'webpack';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_DIR = path.join(ROOT, 'src');
const DIST_DIR = path.join(ROOT, 'dist');

// Rooms under src/ that hold a plugin.json but are not Grafana plugins, or are Node code.
const NOT_PLUGIN_DIRS = new Set(['collector', 'cli', 'contract', 'dashboards', 'alerts']);

interface Env {
  production?: boolean;
  development?: boolean;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

const packageJson = readJson(path.join(ROOT, 'package.json'));
const pluginJson = readJson(path.join(SOURCE_DIR, 'plugin.json'));

/**
 * The app at src/ plus every nested plugin one folder down (src/<dir>/plugin.json next to a
 * module.ts), as paths relative to src: '' for the app, 'datasource', 'panel'.
 */
export function pluginDirs(): string[] {
  const nested = fs
    .readdirSync(SOURCE_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_PLUGIN_DIRS.has(entry.name))
    .map((entry) => entry.name)
    .filter((dir) => fs.existsSync(path.join(SOURCE_DIR, dir, 'plugin.json')))
    .sort();
  return ['', ...nested];
}

const moduleFile = (dir: string) => {
  const found = ['module.ts', 'module.tsx'].map((name) => path.join(SOURCE_DIR, dir, name)).find(fs.existsSync);
  if (!found) {
    throw new Error(`src/${dir ? `${dir}/` : ''}plugin.json has no module.ts or module.tsx beside it`);
  }
  return found;
};

// Grafana's shared modules (public/app/features/plugins/loader/sharedDependencies.ts), as
// create-plugin externalises them. @grafana/schema is deliberately absent: Grafana does not
// share it, so a runtime import of it must be bundled (type-only imports vanish anyway).
const externals: Configuration['externals'] = [
  'lodash',
  'jquery',
  'moment',
  'slate',
  'emotion',
  '@emotion/react',
  '@emotion/css',
  'prismjs',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'react',
  'react-dom',
  'react-redux',
  'redux',
  'rxjs',
  'rxjs/operators',
  'i18next',
  'react-router',
  'react-router-dom',
  'd3',
  'angular',
  /^@grafana\/ui/i,
  /^@grafana\/runtime/i,
  /^@grafana\/data/i,
  // Legacy SDK imports such as 'grafana/app/core/core' resolve to Grafana's own modules.
  ({ request }, callback) => {
    const prefix = 'grafana/';
    if (request?.startsWith(prefix)) {
      return callback(undefined, request.slice(prefix.length));
    }
    callback();
  },
];

const today = () => new Date().toISOString().slice(0, 10);

// Fills the placeholders create-plugin uses, so plugin.json in src stays version-free.
const fillPlaceholders = (content: Buffer) =>
  content
    .toString('utf8')
    .replace(/%VERSION%/g, packageJson.version)
    .replace(/%TODAY%/g, today())
    .replace(/%PLUGIN_ID%/g, pluginJson.id);

const config = (env: Env = {}): Configuration => {
  const production = Boolean(env.production);
  const dirs = pluginDirs();

  return {
    cache: { type: 'filesystem', buildDependencies: { config: [__filename] } },
    context: SOURCE_DIR,
    devtool: production ? 'source-map' : 'eval-source-map',
    entry: Object.fromEntries(dirs.map((dir) => [dir ? `${dir}/module` : 'module', moduleFile(dir)])),
    externals,
    mode: production ? 'production' : 'development',
    module: {
      rules: [
        {
          exclude: /node_modules/,
          test: /\.[tj]sx?$/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                target: 'es2015',
                loose: false,
                parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
                transform: { react: { runtime: 'automatic' } },
              },
            },
          },
        },
      ],
    },
    output: {
      clean: true,
      filename: '[name].js',
      library: { type: 'amd' },
      path: DIST_DIR,
      // Relative on purpose: keeps chunks loading when Grafana is served under a sub-path.
      publicPath: `public/plugins/${pluginJson.id}/`,
      uniqueName: pluginJson.id,
    },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [
          // Grafana shows the README on the plugin's page; the src/ one is written for that page.
          {
            from: fs.existsSync(path.join(SOURCE_DIR, 'README.md')) ? 'README.md' : '../README.md',
            to: '.',
            transform: fillPlaceholders,
          },
          { from: '../CHANGELOG.md', to: '.' },
          { from: '../LICENSE', to: '.' },
          ...dirs.flatMap((dir) => [
            { from: path.posix.join(dir || '.', 'plugin.json'), to: path.posix.join(dir || '.', 'plugin.json'), transform: fillPlaceholders },
            { from: path.posix.join(dir || '.', 'img'), to: path.posix.join(dir || '.', 'img'), noErrorOnMissing: true },
          ]),
          // Dashboards the app's plugin.json includes, written by the dashboards generator.
          { from: '../dashboards/*.json', to: 'dashboards/[name][ext]', noErrorOnMissing: true },
        ],
      }),
    ],
    resolve: {
      extensions: ['.js', '.jsx', '.ts', '.tsx'],
      unsafeCache: true,
    },
    // Keep the watcher off node_modules and the Node side, which webpack never bundles.
    watchOptions: { ignored: ['**/node_modules', '**/src/collector/**', '**/src/cli/**'] },
  };
};

export default config;
