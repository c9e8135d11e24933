import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseNodeId } from '../../contract/nodeIds';
import type { CliIo } from '../cliIo';
import { CollectorClient } from '../collectorClient';
import { type CommandContext, commandName, createContext, reportError } from '../commandContext';
import { CliError, usageError } from '../exitCodes';
import { type ConnectionOptions, collect, durationOption, resolveConnection, withCollectorOptions, withJsonOption } from '../options';
import { formatDuration } from '../output/format';
import { OutputTail } from '../run/outputTail';

/**
 * `pane run --job NAME -- <command…>`: runs any command (cron, CI step, notebook) as a reported
 * run. The command starts at once; the start is reported alongside, the finish after it exits
 * with status, exit code, duration and, on failure, the tail of its stderr. Reporting never
 * blocks or fails the job: when the collector cannot be reached the command still runs, a
 * warning is printed, and `pane run` exits with the command's own exit code.
 */
interface RunOptions extends ConnectionOptions {
  json?: boolean;
  job: string;
  namespace: string;
  orchestrator?: string;
  input?: string[];
  output?: string[];
  owner?: string[];
  tag?: string[];
  link?: string;
  reportTimeout: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const tagOption = (value: string, previous: string[] | undefined): string[] => {
  if (!/^[^=]+=/.test(value)) throw new InvalidArgumentError('--tag must be key=value');
  return [...(previous ?? []), value];
};

export function runCommand(io: CliIo): Command {
  return withJsonOption(withCollectorOptions(new Command('run')), 'print a JSON summary of the reported run on stderr')
    .description('run a command and report it as a run of a job: start, finish, exit code, duration, stderr tail')
    .argument('<command...>', 'the command and its arguments (put them after --)')
    .requiredOption('--job <name>', 'the job this command is a run of')
    .option('--namespace <namespace>', 'the job\'s namespace (env PANE_NAMESPACE)', io.env.PANE_NAMESPACE || 'default')
    .option('--orchestrator <name>', 'what runs it: cron, github-actions, notebook… (default: detected CI, else "cli")')
    .option('--input <dataset>', 'a dataset it reads, name or namespace:name (repeatable)', collect)
    .option('--output <dataset>', 'a dataset it writes, name or namespace:name (repeatable)', collect)
    .option('--owner <owner>', 'who owns the job (repeatable)', collect)
    .option('--tag <key=value>', 'a tag on the job (repeatable)', tagOption)
    .option('--link <url>', 'a link to the logs (default: the CI run, when detected)')
    .addOption(new Option('--report-timeout <duration>', 'longest wait for the collector per report').argParser(durationOption('--report-timeout')).default(10_000, '10s'))
    .passThroughOptions()
    .action(async (...received: unknown[]) => {
      const command = received[received.length - 1] as Command;
      const context = createContext(io, command, command.opts());
      let code: number;
      try {
        code = await runAndReport(context, command.opts() as RunOptions, command.args);
      } catch (error) {
        code = reportError(io, commandName(command), error);
      }
      await io.exit(code);
    });
}

/** What CI says about itself, so runs link back to it. */
function detectCi(env: NodeJS.ProcessEnv): { orchestrator: string; url?: string } {
  if (env.GITHUB_ACTIONS === 'true') {
    const url =
      env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined;
    return { orchestrator: 'github-actions', url };
  }
  if (env.GITLAB_CI === 'true') return { orchestrator: 'gitlab-ci', url: env.CI_JOB_URL };
  if (env.BUILDKITE === 'true') return { orchestrator: 'buildkite', url: env.BUILDKITE_BUILD_URL };
  if (env.JENKINS_URL) return { orchestrator: 'jenkins', url: env.BUILD_URL };
  if (env.CI === 'true') return { orchestrator: 'ci' };
  return { orchestrator: 'cli' };
}

/**
 * A dataset as given on the command line: `dataset:<namespace>:<name>`, `<namespace>:<name>`
 * (split at the last colon, so `s3://exports:daily/orders.csv` works), or a bare name in the
 * job's namespace.
 */
export function datasetRef(text: string): string | { namespace: string; name: string } {
  if (text.startsWith('dataset:')) {
    try {
      const ref = parseNodeId(text);
      return { namespace: ref.namespace, name: ref.name };
    } catch {
      // not a node id after all: read it like any other text
    }
  }
  const at = text.lastIndexOf(':');
  if (at <= 0 || at === text.length - 1 || text[at + 1] === '/') return text;
  return { namespace: text.slice(0, at), name: text.slice(at + 1) };
}

interface Outcome {
  exitCode: number;
  status: 'success' | 'failed' | 'aborted';
  error?: string;
  signal?: NodeJS.Signals;
}

async function runAndReport(context: CommandContext, options: RunOptions, argv: string[]): Promise<number> {
  const { io } = context;
  if (argv.length === 0) throw usageError('give the command to run after --, e.g. pane run --job nightly_export -- ./export.sh');
  if (!options.job.trim()) throw usageError('--job must name the job');

  const runId = randomUUID();
  const startedAt = io.now();
  const ci = detectCi(io.env);
  // inside another `pane run`, this run is its child
  const parentRunId = io.env.PANE_RUN_ID && uuidPattern.test(io.env.PANE_RUN_ID) ? io.env.PANE_RUN_ID : undefined;
  const identity = { namespace: options.namespace, job: options.job.trim() };
  const common = {
    ...identity,
    orchestrator: options.orchestrator ?? ci.orchestrator,
    ...(parentRunId ? { parentRunId, parentJob: io.env.PANE_RUN_JOB || undefined, parentNamespace: io.env.PANE_RUN_NAMESPACE || undefined } : {}),
    ...(options.owner?.length ? { owners: options.owner } : {}),
    tags: {
      host: os.hostname(),
      ...Object.fromEntries((options.tag ?? []).map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)])),
    },
    ...((options.link ?? ci.url) ? { url: options.link ?? ci.url } : {}),
  };

  let client: CollectorClient | undefined;
  const warnings: string[] = [];
  const warn = (what: string, error: unknown) => {
    const message = error instanceof CliError ? error.message : (error as Error).message;
    warnings.push(`${what}: ${message}`);
    context.warn(`could not report ${what} of run ${runId} (${message}); the command ${what === 'the start' ? 'runs' : 'ran'} anyway`);
  };
  try {
    client = new CollectorClient({ ...resolveConnection(options, io.env), timeoutMs: options.reportTimeout });
  } catch (error) {
    warn('the start', error);
  }

  // Listen before the command exists, so a stop request can never find pane unprepared (and
  // die, leaving the command orphaned). Ctrl-C reaches the command from the terminal itself;
  // a scheduler's SIGTERM/SIGHUP is passed on.
  let child: ChildProcess | undefined;
  let pendingSignal: NodeJS.Signals | undefined;
  const stopListening = io.onInterrupt((signal) => {
    if (signal === 'SIGINT') return;
    if (!child) pendingSignal = signal;
    else if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });

  // the command starts now; the start report travels alongside and never delays it
  child = spawn(argv[0], argv.slice(1), {
    stdio: ['inherit', 'inherit', 'pipe'],
    // the command (and any `pane run` inside it) knows which run it is
    env: { ...io.env, PANE_RUN_ID: runId, PANE_RUN_JOB: identity.job, PANE_RUN_NAMESPACE: identity.namespace },
  });
  if (pendingSignal) child.kill(pendingSignal);
  let startReported = false;
  const startReport = client
    ? client
        .post('/api/v1/ingest/runs/start', {
          runId,
          ...common,
          startedAt: new Date(startedAt).toISOString(),
          ...(options.input?.length ? { inputs: options.input.map(datasetRef) } : {}),
        })
        .then(
          () => {
            startReported = true;
          },
          (error) => warn('the start', error),
        )
    : Promise.resolve();

  const tail = new OutputTail();
  const command = child;
  command.stderr?.on('data', (chunk: Buffer) => {
    io.stderr.write(chunk);
    tail.push(chunk);
  });
  const outcome = await new Promise<Outcome>((resolve) => {
    command.once('error', (error: NodeJS.ErrnoException) => {
      const notFound = error.code === 'ENOENT';
      const message = notFound ? `command not found: ${argv[0]}` : `could not start ${argv[0]}: ${error.message}`;
      io.stderr.write(`${context.errStyle.red(`${context.name}:`)} ${message}\n`);
      resolve({ exitCode: notFound ? 127 : 126, status: 'failed', error: message });
    });
    command.once('close', (code, signal) => {
      if (signal) {
        const number = os.constants.signals[signal] ?? 0;
        resolve({ exitCode: 128 + number, status: 'aborted', signal, error: `killed by ${signal}` });
      } else {
        resolve({ exitCode: code ?? 1, status: code === 0 ? 'success' : 'failed' });
      }
    });
  });
  stopListening();
  const endedAt = io.now();
  const stderrTail = tail.toString();

  let finishReported = false;
  if (client) {
    await startReport;
    const error =
      outcome.status === 'success'
        ? undefined
        : [outcome.error ?? `exited with code ${outcome.exitCode}`, stderrTail].filter(Boolean).join('\n');
    try {
      await client.post(`/api/v1/ingest/runs/${runId}/finish`, {
        ...identity,
        status: outcome.status,
        exitCode: outcome.exitCode,
        endedAt: new Date(endedAt).toISOString(),
        durationMs: endedAt - startedAt,
        // without a recorded start, the finish carries it, so the run still has a duration
        ...(startReported ? {} : { ...common, startedAt: new Date(startedAt).toISOString() }),
        ...(error ? { error } : {}),
        ...(options.input?.length && !startReported ? { inputs: options.input.map(datasetRef) } : {}),
        ...(options.output?.length ? { outputs: options.output.map(datasetRef) } : {}),
      });
      finishReported = true;
    } catch (error) {
      warn('the finish', error);
    }
  }

  if (context.json) {
    io.stderr.write(
      `${JSON.stringify({
        runId,
        job: identity.job,
        namespace: identity.namespace,
        status: outcome.status,
        exitCode: outcome.exitCode,
        durationMs: endedAt - startedAt,
        reported: { start: startReported, finish: finishReported },
        warnings,
      })}\n`,
    );
  } else if (outcome.status !== 'success' && finishReported) {
    context.note(`${context.name}: reported run ${runId} of ${identity.job} as ${outcome.status} (exit ${outcome.exitCode}, ${formatDuration(endedAt - startedAt)})`);
  }
  return outcome.exitCode;
}
