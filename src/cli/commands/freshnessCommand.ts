import { Command } from 'commander';
import type { FreshnessStatus } from '../../contract/query';
import type { CliIo } from '../cliIo';
import { type CommandContext, defineAction } from '../commandContext';
import { exitCodes } from '../exitCodes';
import { type ConnectionOptions, listOf, positiveInteger, withCollectorOptions, withJsonOption } from '../options';
import { formatAgo, formatSeconds } from '../output/format';
import { frameNamed, jsonRowsOf, noticesOf, num, rowsOf, str } from '../output/frameRows';
import { printFailureFound, printJson, printNotices, printTable } from '../output/print';
import { paintFor } from '../output/style';

const statuses: readonly FreshnessStatus[] = ['fresh', 'warning', 'stale', 'unknown'];

interface FreshnessOptions extends ConnectionOptions {
  json?: boolean;
  status?: FreshnessStatus[];
  namespace?: string;
  dataset?: string;
  owner?: string;
  team?: string;
  limit?: number;
  failOn?: Array<'stale' | 'warning' | 'unknown'>;
}

export function freshnessCommand(io: CliIo): Command {
  return withJsonOption(withCollectorOptions(new Command('freshness')))
    .description('how fresh each dataset is against its SLA, stale first')
    .option('--status <statuses>', 'only these: fresh, warning, stale, unknown (comma-separated)', listOf('--status', statuses, { late: 'warning', warn: 'warning' }))
    .option('--namespace <namespace>', 'only datasets of this namespace')
    .option('--dataset <dataset>', 'a dataset name, node id, or glob like "analytics.*"')
    .option('--owner <owner>', 'datasets this owner owns (exact, or a glob like "team:data-*")')
    .option('--team <team>', 'datasets whose SLA names this team')
    .option('--limit <n>', 'at most this many datasets (stale first)', positiveInteger('--limit'))
    .option(
      '--fail-on <statuses>',
      'exit 1 when a dataset shown is stale, warning (warning or stale) or unknown (comma-separated)',
      listOf('--fail-on', ['stale', 'warning', 'unknown'] as const),
    )
    .action(defineAction<FreshnessOptions>(io, (context, options) => listFreshness(context, options)));
}

async function listFreshness(context: CommandContext, options: FreshnessOptions): Promise<number> {
  const frames = await context.client().frames({
    refId: 'freshness',
    kind: 'freshness',
    statuses: options.status,
    namespace: options.namespace,
    dataset: options.dataset,
    owner: options.owner,
    team: options.team,
    limit: options.limit,
  });
  const frame = frameNamed(frames, 'freshness');
  const rows = rowsOf(frame);
  const count = (status: string) => rows.filter((r) => r.status === status).length;
  const failOn = options.failOn ?? [];
  const failing = rows.filter(
    (r) =>
      (failOn.includes('stale') && r.status === 'stale') ||
      (failOn.includes('warning') && (r.status === 'warning' || r.status === 'stale')) ||
      (failOn.includes('unknown') && r.status === 'unknown'),
  );
  if (context.json) {
    printJson(context, jsonRowsOf(frame));
  } else {
    printNotices(context, noticesOf(frames));
    const { style } = context;
    const now = context.io.now();
    printTable(
      context,
      [
        { header: 'STATUS' },
        { header: 'DATASET' },
        { header: 'NAMESPACE' },
        { header: 'AGE', align: 'right' },
        { header: 'WARN AFTER', align: 'right' },
        { header: 'STALE AFTER', align: 'right' },
        { header: 'LAST UPDATE' },
        { header: 'OWNER' },
        { header: 'PRODUCED BY' },
        { header: 'WHY', flex: true },
      ],
      rows.map((r) => [
        { text: str(r.status) ?? '', paint: paintFor(style, str(r.status)) },
        str(r.dataset),
        str(r.namespace),
        formatSeconds(num(r.age)),
        formatSeconds(num(r.warn_after)) || str(r.expected_schedule),
        formatSeconds(num(r.critical_after)),
        formatAgo(num(r.last_update), now) || 'never',
        str(r.owners) ?? str(r.owner),
        str(r.producing_job),
        str(r.reason),
      ]),
      'no datasets match',
    );
    if (rows.length > 0) {
      context.note(
        `${rows.length} dataset(s): ${statuses
          .map((s) => [s, count(s)] as const)
          .filter(([, n]) => n > 0)
          .map(([s, n]) => `${n} ${s}`)
          .join(', ')}`,
      );
    }
  }
  if (failing.length > 0) {
    const names = failing.slice(0, 10).map((r) => String(r.dataset));
    printFailureFound(context, `${failing.length} dataset(s) ${failOn.join(' or ')}: ${names.join(', ')}${failing.length > 10 ? ', …' : ''}`);
    return exitCodes.failureFound;
  }
  return exitCodes.ok;
}
