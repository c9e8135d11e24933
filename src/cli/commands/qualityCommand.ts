import { Command } from 'commander';
import type { CliIo } from '../cliIo';
import { type CommandContext, defineAction } from '../commandContext';
import { exitCodes } from '../exitCodes';
import { type ConnectionOptions, listOf, parseSince, positiveInteger, withCollectorOptions, withJsonOption } from '../options';
import { formatTimestamp, shortRunId } from '../output/format';
import { type Row, frameNamed, jsonRowsOf, noticesOf, num, rowsOf, str } from '../output/frameRows';
import { printFailureFound, printJson, printNotices, printTable } from '../output/print';

interface QualityOptions extends ConnectionOptions {
  json?: boolean;
  dataset?: string;
  namespace?: string;
  check?: string;
  failed?: boolean;
  latest?: boolean;
  since: string;
  limit: number;
  failOn?: Array<'failed'>;
}

export function qualityCommand(io: CliIo): Command {
  return withJsonOption(withCollectorOptions(new Command('quality')))
    .description('data quality check results, newest first')
    .option('--dataset <dataset>', 'a dataset name or dataset:<namespace>:<name>')
    .option('--namespace <namespace>', 'only datasets of this namespace')
    .option('--check <check>', 'only this check (exact name)')
    .option('--failed', 'only failed results')
    .option('--latest', 'only the newest result of each check')
    .option('--since <when>', 'how far back: a duration (30m, 24h, 7d) or an ISO time', '24h')
    .option('--limit <n>', 'at most this many results', positiveInteger('--limit'), 100)
    .option('--fail-on <condition>', 'exit 1 when the newest result of a check shown failed ("failed")', listOf('--fail-on', ['failed'] as const))
    .action(defineAction<QualityOptions>(io, (context, options) => listQuality(context, options)));
}

const checkKey = (row: Row) => `${row.dataset_id}\u0000${row.check}\u0000${row.column ?? ''}`;

/** Rows come newest first: the first of each check is its newest result. */
export function latestPerCheck<T extends Row>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = checkKey(row);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function listQuality(context: CommandContext, options: QualityOptions): Promise<number> {
  const now = context.io.now();
  const from = parseSince(options.since, now);
  const frames = await context.client().frames(
    {
      refId: 'quality',
      kind: 'quality',
      dataset: options.dataset,
      namespace: options.namespace,
      check: options.check,
      failedOnly: options.failed === true,
      limit: options.limit,
    },
    { range: { from, to: now } },
  );
  const frame = frameNamed(frames, 'quality');
  const all = rowsOf(frame);
  const rows = options.latest ? latestPerCheck(all) : all;
  const failingNow = latestPerCheck(all).filter((r) => r.passed === false);
  if (context.json) {
    const json = jsonRowsOf(frame);
    printJson(context, options.latest ? latestPerCheck(json) : json);
  } else {
    printNotices(context, noticesOf(frames));
    const { style } = context;
    printTable(
      context,
      [
        { header: 'TIME' },
        { header: 'DATASET' },
        { header: 'CHECK' },
        { header: 'COLUMN' },
        { header: 'RESULT' },
        { header: 'SEVERITY' },
        { header: 'ACTUAL', align: 'right' },
        { header: 'EXPECTED', align: 'right' },
        { header: 'RUN' },
        { header: 'MESSAGE', flex: true },
      ],
      rows.map((r) => [
        formatTimestamp(num(r.time)),
        str(r.dataset),
        str(r.check),
        str(r.column),
        r.passed === true ? { text: 'passed', paint: style.green } : r.passed === false ? { text: 'failed', paint: style.red } : '',
        str(r.severity),
        str(r.actual),
        str(r.expected),
        shortRunId(str(r.run_id)),
        str(r.message),
      ]),
      `no quality results since ${formatTimestamp(from)}`,
    );
    if (rows.length > 0) {
      const failed = rows.filter((r) => r.passed === false).length;
      context.note(`${rows.length} result(s), ${failed} failed; ${failingNow.length} check(s) failing at their newest result`);
    }
  }
  if (options.failOn?.includes('failed') && failingNow.length > 0) {
    const checks = failingNow.slice(0, 10).map((r) => `${r.dataset}${r.column ? `.${r.column}` : ''} ${r.check}`);
    printFailureFound(context, `${failingNow.length} check(s) failing: ${checks.join(', ')}${failingNow.length > 10 ? ', …' : ''}`);
    return exitCodes.failureFound;
  }
  return exitCodes.ok;
}
