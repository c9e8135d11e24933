import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommanderError } from 'commander';
import type { SlaResolver } from '../../../../src/collector/sla/slaResolver';
import { openDatabase, type PaneDatabase } from '../../../../src/collector/store/openDatabase';
import type { CliIo } from '../../../../src/cli/cliIo';
import { buildCli } from '../../../../src/cli/main';
import { testCollectorApp, readToken, writeToken } from '../../support/collectorApp';
import { builtCli, repoRoot } from '../../support/collectorProcess';

export { readToken, writeToken };

/** A real collector over a temporary SQLite file, listening on a free loopback port. */
export interface TestCollector {
  url: string;
  database: PaneDatabase;
  dir: string;
  close(): Promise<void>;
}

export async function startTestCollector(options: { slas?: SlaResolver; bodyLimitBytes?: number } = {}): Promise<TestCollector> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-cli-'));
  const database = await openDatabase(path.join(dir, 'pane.sqlite'));
  const { app, writer } = testCollectorApp(database, { slas: options.slas, bodyLimitBytes: options.bodyLimitBytes ?? 4 * 1024 * 1024 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    dir,
    close: async () => {
      await app.close();
      await writer.whenIdle();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number | undefined;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  /** pretend stdout and stderr are a terminal of this width */
  tty?: number;
  now?: () => number;
  /** called with the interrupt trigger, for --follow */
  interrupt?: (trigger: () => void) => void;
  /** receives each stdout write as it happens */
  onStdout?: (chunk: string) => void;
}

/** Runs `pane <args>` in this process with captured output: the real commander program and HTTP client. */
export async function runCli(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  let code: number | undefined;
  const handlers = new Set<(signal: NodeJS.Signals) => void>();
  const io: CliIo = {
    stdout: {
      write: (chunk) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        stdout += text;
        options.onStdout?.(text);
        return true;
      },
      isTTY: options.tty !== undefined,
      columns: options.tty,
    },
    stderr: {
      write: (chunk) => {
        stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      },
      isTTY: options.tty !== undefined,
      columns: options.tty,
    },
    env: { PATH: process.env.PATH, ...options.env } as NodeJS.ProcessEnv,
    now: options.now ?? (() => Date.now()),
    exit: (c) => {
      code ??= c;
    },
    onInterrupt: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
  options.interrupt?.(() => {
    for (const handler of handlers) handler('SIGINT');
  });
  try {
    await buildCli(io).parseAsync(['node', 'pane', ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
  }
  return { code, stdout, stderr };
}

/** The collector's connection flags for a read or write token. */
export const connection = (collector: TestCollector, token = readToken): string[] => ['--url', collector.url, '--token', token];

export interface SpawnResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `bin/pane.js` as a real process (needs `npm run build:node`). */
export function spawnPane(args: string[], options: { env?: Record<string, string>; cwd?: string; onSpawn?: (child: ChildProcess) => void } = {}): Promise<SpawnResult> {
  if (!fs.existsSync(path.join(repoRoot, 'build', 'src', 'cli', 'main.js'))) {
    throw new Error('the CLI is not built: run `npm run build:node` first (npm test does)');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A closed port on loopback: connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
