import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from '../build';

/**
 * dist/ as the browser tests need it: built by `npm run build:plugin` when missing or older
 * than what it is built from — the same inputs and rule as scripts/plugin-build.test.ts, so a
 * stale dist/ cannot pass for the current sources. A lock folder makes parallel test files
 * build once; the others wait.
 */
const dist = path.join(repoRoot, 'dist');
const inputs = ['src', '.config/webpack', 'package.json', 'CHANGELOG.md', 'LICENSE'].map((p) => path.join(repoRoot, p));
const lockDir = path.join(repoRoot, 'node_modules', '.cache', 'pipelinepane-plugin-build.lock');

const newestMtime = (target: string): number => {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(target)
    .filter((name) => !['collector', 'cli', 'node_modules'].includes(name))
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), stat.mtimeMs);
};

export function pluginBuildIsStale(): boolean {
  const built = path.join(dist, 'module.js');
  const nested = ['datasource', 'panel'].map((dir) => path.join(dist, dir, 'module.js'));
  if (![built, ...nested].every((file) => fs.existsSync(file))) return true;
  return Math.max(...inputs.filter((p) => fs.existsSync(p)).map(newestMtime)) > fs.statSync(built).mtimeMs;
}

export async function ensurePluginBuilt(): Promise<void> {
  if (!pluginBuildIsStale()) return;
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      // another test file is building; a lock older than 5 minutes is a leftover
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) fs.rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another plugin build');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (pluginBuildIsStale()) {
      execFileSync('npm', ['run', '--silent', 'build:plugin'], { cwd: repoRoot, stdio: 'pipe', timeout: 300_000 });
    }
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
