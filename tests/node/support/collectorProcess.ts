import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/** The repository root, found from this file whether it runs from tests/ or compiled into build/. */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
})();
export const builtCli = path.join(repoRoot, 'bin', 'pane.js');

export interface CollectorProcess {
  child: ChildProcess;
  url: string;
  /** SIGKILL: no shutdown hook runs */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `pane serve` as a real process on a free loopback port and waits until it listens. */
export async function startCollectorProcess(database: string, env: Record<string, string> = {}, args: string[] = []): Promise<CollectorProcess> {
  if (!fs.existsSync(path.join(repoRoot, 'build', 'src', 'cli', 'main.js'))) {
    throw new Error('the CLI is not built: run `npm run build:node` first (npm test does)');
  }
  const child = spawn(process.execPath, [builtCli, 'serve', '--host', '127.0.0.1', '--port', '0', '--database', database, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start in 20 s: ${stderr}`)), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited with ${code}: ${stderr}`));
    });
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        if (entry.msg === 'Pipeline Pane collector listening') {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
  });
  return {
    child,
    url,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
