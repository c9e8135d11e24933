import { Command, InvalidArgumentError, Option } from 'commander';
import type { EventLevel, EventsTarget } from '../../contract/query';
import type { CliIo } from '../cliIo';
import { type CommandContext, defineAction } from '../commandContext';
import { CliError, exitCodes } from '../exitCodes';
import { type ConnectionOptions, durationOption, parseSince, positiveInteger, withCollectorOptions, withJsonOption } from '../options';
import { formatTimestamp } from '../output/format';
import { frameNamed, noticesOf, num, type Row, rowsOf, str } from '../output/frameRows';
import { printNotices } from '../output/print';
import { type Style, paintFor } from '../output/style';
import { sanitize } from '../output/table';

const levels: readonly EventLevel[] = ['info', 'warning', 'error'];

/** `--level warning` shows warnings and errors: the lowest level to show. */
export function levelsFrom(value: string): EventLevel[] {
  const wanted = value.trim().toLowerCase() === 'warn' ? 'warning' : value.trim().toLowerCase();
  const index = levels.indexOf(wanted as EventLevel);
  if (index < 0) throw new InvalidArgumentError('--level must be info, warning or error (the lowest level to show)');
  return levels.slice(index);
}

/** How far back each --follow poll looks, so events that arrive late (their time already past) still show. */
export const followLookbackMs = 10 * 60_000;

interface LogsOptions extends ConnectionOptions {
  json?: boolean;
  job?: string;
  dataset?: string;
  namespace?: string;
  level?: EventLevel[];
  search?: string;
  since: string;
  limit: number;
  follow?: boolean;
  interval: number;
}

export function logsCommand(io: CliIo): Command {
  return withJsonOption(withCollectorOptions(new Command('logs')), 'one JSON object per line (NDJSON)')
    .description('what happened when: runs starting, finishing and failing, failed checks, SLA breaches')
    .option('--job <job>', 'a job name or job:<namespace>:<name>')
    .option('--dataset <dataset>', 'a dataset name or dataset:<namespace>:<name>')
    .option('--namespace <namespace>', 'only this namespace')
    .option('--level <level>', 'the lowest level to show: info, warning or error', levelsFrom)
    .option('--search <text>', 'only lines containing this text')
    .option('--since <when>', 'how far back: a duration (30m, 24h, 7d) or an ISO time', '1h')
    .option('--limit <n>', 'at most this many lines at first (the newest)', positiveInteger('--limit'), 200)
    .option('-f, --follow', 'keep printing new lines as they happen (Ctrl-C stops)')
    .addOption(new Option('--interval <duration>', 'how often --follow asks').argParser(durationOption('--interval')).default(2000, '2s'))
    .action(defineAction<LogsOptions>(io, (context, options) => showLogs(context, options)));
}

export function logLine(row: Row, style: Style): string {
  const level = String(row.level ?? 'info');
  const where = [str(row.namespace)].filter(Boolean).join(' ');
  return `${style.dim(formatTimestamp(num(row.time)))}  ${paintFor(style, level)(level.toUpperCase().padEnd(7))}  ${sanitize(String(row.body ?? ''))}${where ? style.dim(`  (${sanitize(where)})`) : ''}`;
}

const jsonLine = (row: Row): string =>
  JSON.stringify({
    time: typeof row.time === 'number' ? new Date(row.time).toISOString() : row.time,
    level: row.level,
    message: row.body,
    source: row.source,
    namespace: row.namespace,
    job: row.job,
    job_id: row.job_id,
    dataset: row.dataset,
    dataset_id: row.dataset_id,
    run_id: row.run_id,
    id: row.id,
  });

const sleep = (ms: number, stopped: () => boolean) =>
  new Promise<void>((resolve) => {
    const started = Date.now();
    const tick = () => (stopped() || Date.now() - started >= ms ? resolve() : setTimeout(tick, Math.min(100, ms)));
    tick();
  });

async function showLogs(context: CommandContext, options: LogsOptions): Promise<number> {
  const { io } = context;
  const target = (limit: number): EventsTarget => ({
    refId: 'events',
    kind: 'events',
    job: options.job,
    dataset: options.dataset,
    namespace: options.namespace,
    levels: options.level,
    search: options.search,
    limit,
  });
  const fetchEvents = async (from: number, to: number, limit: number) => {
    const frames = await context.client().frames(target(limit), { range: { from, to } });
    printNotices(context, noticesOf(frames));
    return rowsOf(frameNamed(frames, 'events'));
  };
  const print = (rows: Row[]) => {
    for (const row of rows) io.stdout.write(`${context.json ? jsonLine(row) : logLine(row, context.style)}\n`);
  };
  const chronological = (rows: Row[]) => [...rows].sort((a, b) => Number(a.time) - Number(b.time) || String(a.id).localeCompare(String(b.id)));

  const now = io.now();
  const since = parseSince(options.since, now);
  const first = await fetchEvents(since, now, options.limit);
  print(chronological(first));
  if (!options.follow) {
    if (first.length === 0 && !context.json) context.note(`no events since ${formatTimestamp(since)}`);
    return exitCodes.ok;
  }

  // --follow: poll a window reaching back followLookbackMs, print each event id once.
  const seen = new Map<string, number>(first.map((row) => [String(row.id), Number(row.time)]));
  const floor = first.length >= options.limit ? Math.min(...first.map((r) => Number(r.time))) : since;
  let stopped = false;
  let unreachable = false;
  const stopListening = io.onInterrupt(() => {
    stopped = true;
  });
  try {
    while (!stopped) {
      await sleep(options.interval, () => stopped);
      if (stopped) break;
      const pollNow = io.now();
      const from = Math.max(floor, pollNow - followLookbackMs);
      let rows: Row[];
      try {
        rows = await fetchEvents(from, pollNow, 10_000);
        if (unreachable) context.note('the collector answers again');
        unreachable = false;
      } catch (error) {
        // a collector restart should not end a follow: say so once and keep asking
        if (!(error instanceof CliError) || error.exitCode !== exitCodes.unreachable) throw error;
        if (!unreachable) context.warn(`${error.message} (still trying)`);
        unreachable = true;
        continue;
      }
      const fresh = rows.filter((row) => !seen.has(String(row.id)) && Number(row.time) >= floor);
      for (const row of fresh) seen.set(String(row.id), Number(row.time));
      print(chronological(fresh));
      for (const [id, time] of seen) if (time < from - 60_000) seen.delete(id);
    }
  } finally {
    stopListening();
  }
  return exitCodes.ok;
}
