import { type Plugin, build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Builds the host page's bundle (client/main.tsx: Grafana's shared modules from the real
 * packages + the host's services and views) with esbuild into node_modules/.cache, only when
 * missing or older than its sources or package-lock.json. Safe to call from parallel test
 * files: each build writes to its own folder and is renamed into place.
 */
export const repoRoot = path.resolve(__dirname, '..', '..');
const clientDir = path.join(__dirname, 'client');
export const hostBuildDir = path.join(repoRoot, 'node_modules', '.cache', 'pipelinepane-grafana-host');
export const hostBundle = { js: path.join(hostBuildDir, 'host.js'), css: path.join(hostBuildDir, 'host.css') };

const newestMtime = (target: string): number => {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(target).reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), stat.mtimeMs);
};

/**
 * esbuild gives `.mjs` files Node's CommonJS interop: a default import of a CommonJS module
 * that sets `__esModule` (maybe only in the file its entry requires for production) gets the
 * whole exports object, where webpack (Grafana's bundler) gives `exports.default`. @grafana/ui's .mjs files default-import such packages
 * (react-custom-scrollbars-2, @rc-component/*…), so they go through a shim with webpack's
 * behaviour.
 */
const webpackInterop: Plugin = {
  name: 'webpack-default-interop',
  setup(pluginBuild) {
    const seen = new Map<string, boolean>();
    pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.namespace !== 'file' || !args.importer.endsWith('.mjs') || args.pluginData === 'interop') return undefined;
      const resolved = await pluginBuild.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'interop' });
      if (resolved.errors.length > 0 || !resolved.path || /\.(mjs|css)$/.test(resolved.path)) return undefined;
      if (!seen.has(resolved.path)) {
        const head = fs.readFileSync(resolved.path, 'utf8').slice(0, 20_000);
        seen.set(resolved.path, !/^\s*(import|export)\s/m.test(head));
      }
      return seen.get(resolved.path) ? { path: resolved.path, namespace: 'webpack-interop' } : undefined;
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'webpack-interop' }, (args) => {
      const target = JSON.stringify(args.path);
      return {
        contents: `import * as m from ${target};\nexport * from ${target};\nexport default m.default;\n`,
        resolveDir: path.dirname(args.path),
        loader: 'js',
      };
    });
  },
};

export function hostBundleIsStale(): boolean {
  if (!fs.existsSync(hostBundle.js)) return true;
  const built = fs.statSync(hostBundle.js).mtimeMs;
  const inputs = [clientDir, __filename, path.join(repoRoot, 'package-lock.json')];
  return Math.max(...inputs.map(newestMtime)) > built;
}

export async function buildHostBundle(options: { force?: boolean } = {}): Promise<typeof hostBundle> {
  if (!options.force && !hostBundleIsStale()) return hostBundle;
  const staging = `${hostBuildDir}.${process.pid}.${Date.now()}`;
  await build({
    entryPoints: { host: path.join(clientDir, 'main.tsx') },
    outdir: staging,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    sourcemap: 'linked',
    minify: false,
    logLevel: 'error',
    plugins: [webpackInterop],
    define: { 'process.env.NODE_ENV': process.env.PANE_HOST_DEV ? '"development"' : '"production"', global: 'window' },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl' },
    // @grafana/* ship their own `process.env` reads; anything left is answered by this shim.
    banner: { js: 'var process = globalThis.process || { env: { NODE_ENV: "production" } };' },
  });
  fs.mkdirSync(hostBuildDir, { recursive: true });
  for (const name of fs.readdirSync(staging)) fs.renameSync(path.join(staging, name), path.join(hostBuildDir, name));
  fs.rmSync(staging, { recursive: true, force: true });
  return hostBundle;
}

if (require.main === module) {
  const started = Date.now();
  buildHostBundle({ force: true }).then(
    (bundle) => console.log(`built ${path.relative(repoRoot, bundle.js)} in ${Date.now() - started} ms`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
