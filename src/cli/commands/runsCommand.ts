import { Command, InvalidArgumentError } from 'commander';
import type { RunState } from '../../contract/query';
import type { CliIo } from '../cliIo';
import { type CommandContext, defineAction } from '../commandContext';
import { exitCodes } from '../exitCodes';
import { type ConnectionOptions, listOf, parseSince, positiveInteger, withCollectorOptions, withJsonOption } from '../options';
import { formatCount, formatDuration, formatTimestamp, shortRunId } from '../output/format';
import { frameNamed, jsonRowsOf, noticesOf, num, rowsOf, str } from '../output/frameRows';
import { printFailureFound, printJson, printNotices, printTable } from '../output/print';
import { paintFor } from '../output/style';

/** Words people use for run states → the OpenLineage states the collector stores. */
const stateAliases: Record<string, RunState[]> = {
  failed: ['FAIL'],
  fail: ['FAIL'],
  failure: ['FAIL'],
  error: ['FAIL'],
  success: ['COMPLETE'],
  succeeded: ['COMPLETE'],
  complete: ['COMPLETE'],
  completed: ['COMPLETE'],
  ok: ['COMPLETE'],
  running: ['START', 'RUNNING'],
  started: ['START', 'RUNNING'],
  start: ['START'],
  aborted: ['ABORT'],
  abort: ['ABORT'],
  cancelled: ['ABORT'],
  other: ['OTHER'],
};

export function parseStates(value: string, previous: RunState[] | undefined): RunState[] {
  const states = new Set(previous ?? []);
  for (const word of value.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean)) {
    const found = stateAliases[word];
    if (!found) throw new InvalidArgumentError(`--state: "${word}" is not one of failed, success, running, aborted, start, other`);
    found.forEach((s) => states.add(s));
  }
  return [...states];
}

interface RunsOptions extends ConnectionOptions {
  json?: boolean;
  job?: string;
  namespace?: string;
  state?: RunState[];
  orchestrator?: string;
  parent?: string;
  since: string;
  limit: number;
  failOn?: Array<'failed'>;
}

export function runsCommand(io: CliIo): Command {
  return withJsonOption(withCollectorOptions(new Command('runs')))
    .description('run history, newest first')
    .option('--job <job>', 'a job name or job:<namespace>:<name>')
    .option('--namespace <namespace>', 'only jobs of this namespace')
    .option('--state <states>', 'failed, success, running, aborted (comma-separated)', parseStates)
    .option('--orchestrator <name>', 'airflow, dbt, dlt, spark, cron, …')
    .option('--parent <runId>', 'only the child runs of this run (tasks of a DAG run, models of a dbt invocation)')
    .option('--since <when>', 'how far back: a duration (30m, 24h, 7d) or an ISO time', '24h')
    .option('--limit <n>', 'at most this many runs (newest first)', positiveInteger('--limit'), 50)
    .option('--fail-on <condition>', 'exit 1 when a listed run failed or was aborted ("failed")', listOf('--fail-on', ['failed'] as const))
    .action(defineAction<RunsOptions>(io, (context, options) => listRuns(context, options)));
}

async function listRuns(context: CommandContext, options: RunsOptions): Promise<number> {
  const now = context.io.now();
  const from = parseSince(options.since, now);
  const frames = await context.client().frames(
    {
      refId: 'runs',
      kind: 'runs',
      job: options.job,
      namespace: options.namespace,
      states: options.state,
      orchestrator: options.orchestrator,
      parentRunId: options.parent,
      limit: options.limit,
    },
    { range: { from, to: now } },
  );
  const frame = frameNamed(frames, 'runs');
  const rows = rowsOf(frame);
  const failed = rows.filter((r) => r.state === 'FAIL' || r.state === 'ABORT');
  if (context.json) {
    printJson(context, jsonRowsOf(frame));
  } else {
    printNotices(context, noticesOf(frames));
    const { style } = context;
    printTable(
      context,
      [
        { header: 'START' },
        { header: 'JOB', flex: true },
        { header: 'NAMESPACE' },
        { header: 'STATE' },
        { header: 'DURATION', align: 'right' },
        { header: 'ROWS OUT', align: 'right' },
        { header: 'RUN' },
        { header: 'ERROR', flex: true },
      ],
      rows.map((r) => [
        formatTimestamp(num(r.start)),
        str(r.job),
        str(r.namespace),
        { text: str(r.state) ?? '', paint: paintFor(style, str(r.state)) },
        formatDuration(num(r.duration_ms)),
        formatCount(num(r.rows_out)),
        shortRunId(str(r.run_id)),
        { text: str(r.error) ?? '', paint: style.red },
      ]),
      `no runs since ${formatTimestamp(from)}${options.job ? ` for ${options.job}` : ''}`,
    );
  }
  if (options.failOn?.includes('failed') && failed.length > 0) {
    printFailureFound(context, `${failed.length} run(s) failed or were aborted`);
    return exitCodes.failureFound;
  }
  return exitCodes.ok;
}
