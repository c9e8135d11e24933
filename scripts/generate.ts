/**
 * `npm run generate`: writes what src/dashboards and src/alerts define —
 *   dashboards/*.json                 the six dashboards (the app plugin includes them)
 *   alerts/*.rules.yml                Prometheus alerting and recording rules
 *   alerts/tests/*.test.yml           promtool unit tests of every rule
 *   alerts/alertmanager.yml           Alertmanager routing, receivers, mute timings
 *   provisioning/alerting/*.yaml      the same rules, contact points, policies and mute timings for Grafana
 * The files are committed; tests/node/provisioning.test.ts fails when they are stale.
 * `--check` writes nothing and exits 1 listing the stale files.
 */
import fs from 'node:fs';
import path from 'node:path';

import { alertFiles } from '../src/alerts/files';
import { dashboardFiles } from '../src/dashboards';

export interface GeneratedFile {
  /** relative to the repository root */
  path: string;
  content: string;
}

export function generatedFiles(): GeneratedFile[] {
  return [...dashboardFiles(), ...alertFiles()];
}

/** Generated files whose committed copy differs (or is missing). */
export function staleFiles(root: string): string[] {
  return generatedFiles()
    .filter((file) => {
      const full = path.join(root, file.path);
      return !fs.existsSync(full) || fs.readFileSync(full, 'utf8') !== file.content;
    })
    .map((file) => file.path);
}

function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    dir = path.dirname(dir);
  }
  return dir;
}

function main(argv: string[]): number {
  const root = repositoryRoot();
  if (argv.includes('--check')) {
    const stale = staleFiles(root);
    if (stale.length > 0) {
      console.error(`stale generated files (run npm run generate):\n  ${stale.join('\n  ')}`);
      return 1;
    }
    console.log('generated files are up to date');
    return 0;
  }
  let written = 0;
  for (const file of generatedFiles()) {
    const full = path.join(root, file.path);
    if (fs.existsSync(full) && fs.readFileSync(full, 'utf8') === file.content) {
      continue;
    }
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, file.content);
    console.log(`wrote ${file.path}`);
    written++;
  }
  console.log(written === 0 ? 'everything was up to date' : `${written} file(s) written`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
