import fs from 'node:fs';
import { Command, Option } from 'commander';
import type { DataFrameJson } from '../../contract/frames';
import { parseNodeId } from '../../contract/nodeIds';
import type { QueryRequest, QueryTarget, RunStatsTarget } from '../../contract/query';
import type { CliIo } from '../cliIo';
import { type CollectorClient, framesOf } from '../collectorClient';
import { type CommandContext, defineAction } from '../commandContext';
import { exitCodes } from '../exitCodes';
import { type ConnectionOptions, durationOption, positiveInteger, withCollectorOptions, withJsonOption } from '../options';
import { formatCount, formatDuration, formatPercent, formatTimestamp } from '../output/format';
import { num, rowsOf } from '../output/frameRows';
import { printJson, printTable } from '../output/print';
import { toCsv } from '../output/csv';

/**
 * Run statistics from the collector's `runStats` kind: runs by state, success rate and duration
 * percentiles. Totals over a whole period ask for one bucket wider than the epoch, so the
 * percentiles are the collector's own over every run of the period, not an average of buckets.
 */
export const wholePeriodIntervalMs = 2 ** 43;
const states = ['COMPLETE', 'FAIL', 'ABORT', 'RUNNING', 'START', 'OTHER'] as const;

export interface RunStats {
  runs: number;
  byState: Record<string, number>;
  successRate: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

interface Filter {
  job?: string;
  namespace?: string;
  orchestrator?: string;
}

const statsTargets = (prefix: string, filter: Filter): RunStatsTarget[] =>
  (['countByState', 'successRate', 'duration'] as const).map((metric) => ({ refId: `${prefix}/${metric}`, kind: 'runStats', metric, ...filter }));

/** One RunStats per bucket of a runStats answer (countByState, successRate and duration frames). */
export function statsPerBucket(counts: DataFrameJson | undefined, rates: DataFrameJson | undefined, durations: DataFrameJson | undefined): Array<{ time: number } & RunStats> {
  const countRows = rowsOf(counts);
  const rateByTime = new Map(rowsOf(rates).map((r) => [Number(r.time), num(r.success_rate)]));
  const durationByTime = new Map(rowsOf(durations).map((r) => [Number(r.time), r]));
  return countRows.map((row) => {
    const time = Number(row.time);
    const byState = Object.fromEntries(states.map((s) => [s, num(row[s]) ?? 0]));
    const duration = durationByTime.get(time);
    return {
      time,
      runs: Object.values(byState).reduce((a, b) => a + b, 0),
      byState,
      successRate: rateByTime.get(time) ?? null,
      p50: num(duration?.p50),
      p95: num(duration?.p95),
      p99: num(duration?.p99),
    };
  });
}

async function askStats(client: CollectorClient, filters: Array<{ key: string; filter: Filter }>, range: { from: number; to: number }, intervalMs: number) {
  const answers = new Map<string, Array<{ time: number } & RunStats>>();
  // a few targets per request keeps each answer quick and the request small
  for (let i = 0; i < filters.length; i += 20) {
    const chunk = filters.slice(i, i + 20);
    const request: QueryRequest = { range, intervalMs, targets: chunk.flatMap(({ key, filter }) => statsTargets(key, filter)) as QueryTarget[] };
    const response = await client.query(request);
    for (const { key } of chunk) {
      const frame = (metric: string) => framesOf(response, `${key}/${metric}`)[0];
      answers.set(key, statsPerBucket(frame('countByState'), frame('successRate'), frame('duration')));
    }
  }
  return answers;
}

const emptyStats = (): RunStats => ({ runs: 0, byState: {}, successRate: null, p50: null, p95: null, p99: null });

/** The bucket size shown for a period: hours for a day or less, days up to a few weeks, weeks beyond. */
export function defaultInterval(periodMs: number): number {
  if (periodMs <= 2 * 86_400_000) return 3_600_000;
  if (periodMs <= 45 * 86_400_000) return 86_400_000;
  return 7 * 86_400_000;
}

interface MetricsOptions extends ConnectionOptions, Filter {
  json?: boolean;
  period: number;
  interval?: number;
  limit: number;
}

interface ExportOptions extends MetricsOptions {
  format: 'csv' | 'json';
  output?: string;
}

const filterOptions = (command: Command): Command =>
  command
    .option('--job <job>', 'a job name or job:<namespace>:<name>')
    .option('--namespace <namespace>', 'only jobs of this namespace')
    .option('--orchestrator <name>', 'only runs of this orchestrator')
    .addOption(new Option('--period <duration>', 'how far back: 24h, 7d, 30d').argParser(durationOption('--period')).default(7 * 86_400_000, '7d'))
    .option('--interval <duration>', 'bucket size (default: 1h up to 2 days, 1d up to 45 days, else 7d)', durationOption('--interval'));

export function metricsCommand(io: CliIo): Command {
  const command = filterOptions(withJsonOption(withCollectorOptions(new Command('metrics'))))
    .description('run statistics: runs, success rate, p50/p95 duration (per job, or per interval with --job)')
    .option('--limit <n>', 'without --job: at most this many jobs, the busiest first', positiveInteger('--limit'), 25)
    .enablePositionalOptions()
    .action(defineAction<MetricsOptions>(io, (context, options) => showMetrics(context, options)));
  command.addCommand(
    filterOptions(withJsonOption(withCollectorOptions(new Command('export')), 'same as --format json'))
      .description('run statistics per interval as CSV or JSON, for spreadsheets and reports')
      .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
      .option('-o, --output <file>', 'write to a file instead of stdout')
      .action(defineAction<ExportOptions>(io, (context, options) => exportMetrics(context, options))),
  );
  return command;
}

const filterOf = (options: Filter): Filter => ({ job: options.job, namespace: options.namespace, orchestrator: options.orchestrator });

async function showMetrics(context: CommandContext, options: MetricsOptions): Promise<number> {
  const client = context.client();
  const to = context.io.now();
  const range = { from: to - options.period, to };
  const filter = filterOf(options);
  const total = (await askStats(client, [{ key: 'total', filter }], range, wholePeriodIntervalMs)).get('total')?.[0] ?? emptyStats();
  const period = { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };

  if (options.job) {
    const interval = options.interval ?? defaultInterval(options.period);
    const buckets = (await askStats(client, [{ key: 'job', filter }], range, interval)).get('job') ?? [];
    if (context.json) {
      printJson(context, { job: options.job, period, total: statsJson(total), intervals: buckets.map((b) => ({ time: new Date(b.time).toISOString(), ...statsJson(b) })) });
      return exitCodes.ok;
    }
    printSummary(context, `${options.job}`, total, options.period);
    context.out();
    printTable(
      context,
      [{ header: 'FROM' }, ...statColumns],
      buckets.filter((b) => b.runs > 0).map((b) => [formatTimestamp(b.time), ...statCells(context, b)]),
      `no runs of ${options.job} in the last ${formatDuration(options.period)}`,
    );
    return exitCodes.ok;
  }

  const jobs = await busiestJobs(client, filter, range, options.limit);
  const perJob = await askStats(client, jobs.map((job) => ({ key: job, filter: { ...filter, job } })), range, wholePeriodIntervalMs);
  const rows = jobs
    .map((job) => ({ job, stats: perJob.get(job)?.[0] ?? emptyStats() }))
    .filter((r) => r.stats.runs > 0)
    .sort((a, b) => b.stats.runs - a.stats.runs || a.job.localeCompare(b.job));
  if (context.json) {
    printJson(context, {
      period,
      total: statsJson(total),
      jobs: rows.map((r) => ({ job: r.job, name: parseNodeId(r.job).name, namespace: parseNodeId(r.job).namespace, ...statsJson(r.stats) })),
    });
    return exitCodes.ok;
  }
  printSummary(context, filter.namespace ? `namespace ${filter.namespace}` : 'all jobs', total, options.period);
  context.out();
  printTable(
    context,
    [{ header: 'JOB' }, { header: 'NAMESPACE' }, ...statColumns],
    rows.map((r) => [parseNodeId(r.job).name, parseNodeId(r.job).namespace, ...statCells(context, r.stats)]),
    `no runs in the last ${formatDuration(options.period)}`,
  );
  return exitCodes.ok;
}

/** The jobs with the most runs in the period, from the runs kind (newest 10,000 runs). */
async function busiestJobs(client: CollectorClient, filter: Filter, range: { from: number; to: number }, limit: number): Promise<string[]> {
  const frames = await client.frames(
    { refId: 'runs', kind: 'runs', namespace: filter.namespace, orchestrator: filter.orchestrator, limit: 10_000 },
    { range },
  );
  const counts = new Map<string, number>();
  for (const row of rowsOf(frames[0])) {
    const id = String(row.job_id);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([id]) => id);
}

const statColumns = [
  { header: 'RUNS', align: 'right' as const },
  { header: 'OK', align: 'right' as const },
  { header: 'FAILED', align: 'right' as const },
  { header: 'SUCCESS', align: 'right' as const },
  { header: 'P50', align: 'right' as const },
  { header: 'P95', align: 'right' as const },
];

function statCells(context: CommandContext, stats: RunStats) {
  const failed = (stats.byState.FAIL ?? 0) + (stats.byState.ABORT ?? 0);
  const rate = stats.successRate;
  const paint = rate === null ? undefined : rate >= 0.99 ? context.style.green : rate >= 0.9 ? context.style.yellow : context.style.red;
  return [
    formatCount(stats.runs),
    formatCount(stats.byState.COMPLETE ?? 0),
    failed > 0 ? { text: formatCount(failed), paint: context.style.red } : '0',
    { text: formatPercent(rate), paint },
    formatDuration(stats.p50),
    formatDuration(stats.p95),
  ];
}

function printSummary(context: CommandContext, what: string, total: RunStats, periodMs: number) {
  const { style } = context;
  context.out(`${style.bold(what)}, last ${formatDuration(periodMs)}`);
  context.out(
    `  runs ${formatCount(total.runs)} · success rate ${formatPercent(total.successRate) || 'n/a'} · ` +
      `p50 ${formatDuration(total.p50) || 'n/a'} · p95 ${formatDuration(total.p95) || 'n/a'} · p99 ${formatDuration(total.p99) || 'n/a'}`,
  );
}

const statsJson = (stats: RunStats) => ({
  runs: stats.runs,
  complete: stats.byState.COMPLETE ?? 0,
  failed: stats.byState.FAIL ?? 0,
  aborted: stats.byState.ABORT ?? 0,
  running: (stats.byState.RUNNING ?? 0) + (stats.byState.START ?? 0),
  successRate: stats.successRate,
  p50Ms: stats.p50,
  p95Ms: stats.p95,
  p99Ms: stats.p99,
});

async function exportMetrics(context: CommandContext, options: ExportOptions): Promise<number> {
  const format = context.json ? 'json' : options.format;
  const to = context.io.now();
  const range = { from: to - options.period, to };
  const interval = options.interval ?? defaultInterval(options.period);
  const buckets = (await askStats(context.client(), [{ key: 'series', filter: filterOf(options) }], range, interval)).get('series') ?? [];
  const rows = buckets.map((b) => ({ time: new Date(b.time).toISOString(), ...statsJson(b) }));
  const text = format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : toCsv(rows);
  if (options.output) {
    fs.writeFileSync(options.output, text);
    context.note(`wrote ${rows.length} interval(s) to ${options.output}`);
  } else {
    context.io.stdout.write(text);
  }
  return exitCodes.ok;
}
