import fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { DataFrameJson } from '../../contract/frames';
import { parseNodeId } from '../../contract/nodeIds';
import type { LineageDirection, LineageTarget } from '../../contract/query';
import type { CliIo } from '../cliIo';
import { type CommandContext, defineAction } from '../commandContext';
import { exitCodes, usageError } from '../exitCodes';
import { lineageFromFrames, lineageJson } from '../lineage/lineageModel';
import { renderLineageTree } from '../lineage/lineageTree';
import { toDot } from '../lineage/dotWriter';
import { toMermaid } from '../lineage/mermaidWriter';
import { type ConnectionOptions, listOf, withCollectorOptions, withJsonOption } from '../options';
import { formatSeconds } from '../output/format';
import { frameNamed, noticesOf, num, rowsOf, str } from '../output/frameRows';
import { printFailureFound, printJson, printNotices, printTable } from '../output/print';
import { paintFor } from '../output/style';
import { resolveNode } from '../resolveNode';

const depthOption = (value: string): number => {
  const depth = Number(value);
  if (!/^\d+$/.test(value.trim()) || depth < 1 || depth > 50) throw new InvalidArgumentError('--depth must be a whole number of hops from 1 to 50');
  return depth;
};

const directionOption = () =>
  new Option('--direction <direction>', 'which side of the node').choices(['upstream', 'downstream', 'both']).default('both');

interface ShowOptions extends ConnectionOptions {
  json?: boolean;
  direction: LineageDirection;
  depth?: number;
  asOf?: string;
}

interface ImpactOptions extends ConnectionOptions {
  json?: boolean;
  depth?: number;
  failOn?: Array<'stale' | 'warning' | 'failing'>;
}

interface ExportOptions extends ConnectionOptions {
  json?: boolean;
  format: 'dot' | 'mermaid' | 'json';
  node?: string;
  namespace?: string;
  depth?: number;
  direction: LineageDirection;
  asOf?: string;
  output?: string;
}

export function lineageCommand(io: CliIo): Command {
  const command = new Command('lineage').description('lineage between jobs and datasets: show, impact, export');

  command.addCommand(
    withJsonOption(withCollectorOptions(new Command('show')))
      .description('what feeds a node and what it feeds, as trees with each node\'s health')
      .argument('<node>', 'job:<namespace>:<name>, dataset:<namespace>:<name>, or a name')
      .addOption(directionOption())
      .option('--depth <hops>', 'hops from the node (default 5; a dataset → job → dataset path is 2 hops)', depthOption)
      .option('--as-of <time>', 'the graph as it was then: ISO time, epoch ms or now-7d')
      .action(defineAction<ShowOptions>(io, (context, options, args) => showLineage(context, options, args[0]))),
  );

  command.addCommand(
    withJsonOption(withCollectorOptions(new Command('impact')))
      .description('everything downstream of a node: direct and transitive, owners, what is already stale')
      .argument('<node>', 'job:<namespace>:<name>, dataset:<namespace>:<name>, or a name')
      .option('--depth <hops>', 'hops downstream (default 20)', depthOption)
      .option(
        '--fail-on <conditions>',
        'exit 1 when a downstream dataset is stale, warning (or stale), or a downstream node is failing (comma-separated)',
        listOf('--fail-on', ['stale', 'warning', 'failing'] as const),
      )
      .action(defineAction<ImpactOptions>(io, (context, options, args) => showImpact(context, options, args[0]))),
  );

  command.addCommand(
    withJsonOption(withCollectorOptions(new Command('export')), 'same as --format json')
      .description('the lineage graph as Graphviz DOT, Mermaid or JSON')
      .addOption(new Option('--format <format>', 'output format').choices(['dot', 'mermaid', 'json']).default('dot'))
      .option('--node <node>', 'the graph around this node')
      .option('--namespace <namespace>', 'the whole graph of a namespace (without --node)')
      .option('--depth <hops>', 'hops from --node (default 5)', depthOption)
      .addOption(directionOption())
      .option('--as-of <time>', 'the graph as it was then: ISO time, epoch ms or now-7d')
      .option('-o, --output <file>', 'write to a file instead of stdout')
      .action(defineAction<ExportOptions>(io, (context, options) => exportLineage(context, options))),
  );
  return command;
}

async function lineageFrames(context: CommandContext, target: Omit<LineageTarget, 'refId' | 'kind'>): Promise<DataFrameJson[]> {
  return context.client().frames({ refId: 'lineage', kind: 'lineage', ...target });
}

async function showLineage(context: CommandContext, options: ShowOptions, nodeText: string): Promise<number> {
  const node = await resolveNode(context.client(), nodeText);
  const frames = await lineageFrames(context, { node, direction: options.direction, depth: options.depth, asOf: options.asOf });
  const model = lineageFromFrames(frames);
  model.center ??= node;
  if (context.json) {
    printJson(context, lineageJson(model));
    return exitCodes.ok;
  }
  printNotices(context, model.notices);
  if (!model.nodes.some((n) => n.id === model.center)) {
    context.note(`${node} did not exist at that time`);
    return exitCodes.ok;
  }
  for (const line of renderLineageTree(model, { style: context.style, direction: options.direction })) context.out(line);
  return exitCodes.ok;
}

async function showImpact(context: CommandContext, options: ImpactOptions, nodeText: string): Promise<number> {
  const node = await resolveNode(context.client(), nodeText);
  const frames = await context.client().frames({ refId: 'impact', kind: 'impact', node, depth: options.depth });
  const frame = frameNamed(frames, 'impact');
  const rows = rowsOf(frame);
  const summary = (frame.meta?.custom?.summary ?? {}) as {
    affectedDatasets?: number;
    affectedJobs?: number;
    owners?: string[];
    stale?: string[];
    failingJobs?: number;
  };
  const stale = rows.filter((r) => r.kind === 'dataset' && (r.stale === true || r.freshness_status === 'stale'));
  const warning = rows.filter((r) => r.kind === 'dataset' && r.freshness_status === 'warning');
  const failing = rows.filter((r) => r.health === 'failing');
  const reasons: string[] = [];
  if (options.failOn?.includes('stale') && stale.length > 0) reasons.push(`${stale.length} downstream dataset(s) already stale`);
  if (options.failOn?.includes('warning') && stale.length + warning.length > 0) {
    reasons.push(`${stale.length + warning.length} downstream dataset(s) late or stale`);
  }
  if (options.failOn?.includes('failing') && failing.length > 0) reasons.push(`${failing.length} downstream node(s) failing`);

  if (context.json) {
    printJson(context, {
      node,
      summary,
      downstream: rows.map((r) => ({
        node: r.node,
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        depth: r.depth,
        direct: r.direct,
        owners: typeof r.owners === 'string' && r.owners !== '' ? r.owners.split(', ') : [],
        health: r.health,
        lastRunState: r.last_run_state,
        freshnessStatus: r.freshness_status,
        ageSeconds: r.age,
        lastUpdatedAt: r.last_updated_at,
        stale: r.stale,
      })),
    });
  } else {
    const { style } = context;
    const datasets = rows.filter((r) => r.kind === 'dataset').length;
    const jobs = rows.length - datasets;
    const direct = rows.filter((r) => r.direct === true).length;
    const ref = parseNodeId(node);
    context.out(`${style.bold(`Impact of ${ref.kind} ${ref.name}`)} ${style.dim(`(${ref.namespace})`)}`);
    context.out(
      `  ${datasets} dataset(s) and ${jobs} job(s) downstream, ${direct} directly; ` +
        `${stale.length > 0 ? style.red(`${stale.length} already stale`) : 'none stale yet'}` +
        `${failing.length > 0 ? `, ${style.red(`${failing.length} failing`)}` : ''}`,
    );
    const owners = summary.owners ?? [...new Set(rows.flatMap((r) => (typeof r.owners === 'string' && r.owners ? r.owners.split(', ') : [])))];
    context.out(`  owners to tell: ${owners.length > 0 ? owners.join(', ') : style.dim('(no owners known)')}`);
    if (stale.length > 0) context.out(`  already stale: ${stale.map((r) => String(r.name)).join(', ')}`);
    context.out();
    printNotices(context, noticesOf(frames));
    printTable(
      context,
      [
        { header: 'DEPTH', align: 'right' },
        { header: 'KIND' },
        { header: 'NAME' },
        { header: 'NAMESPACE' },
        { header: 'DIRECT' },
        { header: 'HEALTH' },
        { header: 'LAST RUN' },
        { header: 'FRESHNESS' },
        { header: 'AGE', align: 'right' },
        { header: 'OWNERS', flex: true },
      ],
      rows.map((r) => [
        num(r.depth),
        str(r.kind),
        str(r.name),
        str(r.namespace),
        r.direct === true ? 'yes' : '',
        { text: str(r.health) ?? '', paint: paintFor(style, str(r.health)) },
        { text: str(r.last_run_state) ?? '', paint: paintFor(style, str(r.last_run_state)) },
        { text: str(r.freshness_status) ?? '', paint: paintFor(style, str(r.freshness_status)) },
        formatSeconds(num(r.age)),
        str(r.owners),
      ]),
      `nothing is downstream of ${node}`,
    );
  }
  if (reasons.length > 0) {
    printFailureFound(context, reasons.join('; '));
    return exitCodes.failureFound;
  }
  return exitCodes.ok;
}

async function exportLineage(context: CommandContext, options: ExportOptions): Promise<number> {
  const format = context.json ? 'json' : options.format;
  if (!options.node && !options.namespace) {
    throw usageError('say which graph: --node <node> (the graph around it) or --namespace <namespace> (a whole namespace)');
  }
  const node = options.node ? await resolveNode(context.client(), options.node) : undefined;
  const frames = await lineageFrames(context, {
    node,
    namespace: node ? undefined : options.namespace,
    direction: options.direction,
    depth: options.depth,
    asOf: options.asOf,
  });
  const model = lineageFromFrames(frames);
  if (node) model.center ??= node;
  printNotices(context, model.notices);
  const text =
    format === 'dot' ? toDot(model) : format === 'mermaid' ? toMermaid(model) : `${JSON.stringify(lineageJson(model), null, 2)}\n`;
  if (options.output) {
    fs.writeFileSync(options.output, text);
    context.note(`wrote ${model.nodes.length} nodes and ${model.edges.length} edges to ${options.output}`);
  } else {
    context.io.stdout.write(text);
  }
  return exitCodes.ok;
}
