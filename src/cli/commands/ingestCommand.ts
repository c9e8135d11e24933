import fs from 'node:fs';
import { Command, Option } from 'commander';
import type { CliIo } from '../cliIo';
import type { CollectorClient } from '../collectorClient';
import { type CommandContext, defineAction } from '../commandContext';
import { exitCodes, usageError } from '../exitCodes';
import {
  type DocumentKind,
  type IngestType,
  classifyDocument,
  describeUnknown,
  ingestTypeOf,
  isOpenLineageEvent,
  looksLikeNdjson,
} from '../ingest/detectIngestKind';
import { type EventChunk, type LineProblem, chunkEvents, defaultChunkLimits, readNdjsonChunks } from '../ingest/eventChunks';
import { sendChunks } from '../ingest/sendEvents';
import { type ConnectionOptions, positiveInteger, withCollectorOptions, withJsonOption } from '../options';
import { formatCount } from '../output/format';
import { printJson } from '../output/print';
import { createProgress, progressWanted } from '../output/progress';

/**
 * `pane ingest <file…>`: OpenLineage NDJSON (streamed in batches, with a progress bar on a
 * terminal, refused events reported by line), dlt load_info or trace JSON, and dbt artifacts
 * (run_results.json with the manifest and sources.json beside it). The kind of each file is read
 * from its content, or given with --type. Exit 1 when the collector refused anything.
 */
interface IngestOptions extends ConnectionOptions {
  json?: boolean;
  type?: IngestType;
  manifest?: string;
  sources?: string;
  batchSize: number;
  concurrency: number;
}

interface PlannedFile {
  file: string;
  kind: DocumentKind;
  /** NDJSON is streamed; other files are parsed whole */
  ndjson: boolean;
  document?: unknown;
}

export interface FileResult {
  file: string;
  type: IngestType;
  kind: DocumentKind;
  received: number;
  stored: number;
  duplicates: number;
  /** events (by line) or documents the collector refused */
  failed: Array<{ line?: number; problems: string[] }>;
  runs?: number;
  qualityChecks?: number;
  freshness?: number;
}

const headBytes = 64 * 1024;
const maxPrintedFailures = 20;
/** files smaller than this go by too fast for a progress bar to help */
export const progressAboveBytes = 1024 * 1024;

export function ingestCommand(io: CliIo): Command {
  return withJsonOption(withCollectorOptions(new Command('ingest')))
    .description('send OpenLineage NDJSON, dlt load_info/trace or dbt artifacts to the collector')
    .argument('<file...>', 'files to send; dbt manifest.json and sources.json may be listed beside run_results.json')
    .addOption(new Option('--type <type>', 'what the files are, when not told from their content').choices(['openlineage', 'dlt', 'dbt']))
    .option('--manifest <file>', 'dbt manifest.json, to link tests to models and models to sources')
    .option('--sources <file>', 'dbt sources.json of `dbt source freshness`')
    .option('--batch-size <n>', 'OpenLineage events per request', positiveInteger('--batch-size'), defaultChunkLimits.maxEvents)
    .option('--concurrency <n>', 'requests in flight at once', positiveInteger('--concurrency'), 4)
    .action(defineAction<IngestOptions>(io, (context, options, files) => ingestFiles(context, options, files)));
}

function readHead(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(headBytes);
    const read = fs.readSync(fd, buffer, 0, headBytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function parseWhole(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(`${file} is neither one JSON document nor NDJSON (one JSON object per line): ${(error as Error).message}`);
  }
}

function checkReadable(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw usageError(`${file}: no such file`);
  }
  if (!stat.isFile()) throw usageError(`${file} is not a file`);
}

/** What a file is; with --type, what the user says it is (dbt still told apart by content). */
export function planFile(file: string, type?: IngestType): PlannedFile {
  checkReadable(file);
  const head = readHead(file);
  if (head.trim() === '') throw usageError(`${file} is empty`);
  const ndjson = looksLikeNdjson(head);
  if (ndjson.ndjson && type !== 'dlt' && type !== 'dbt') {
    // a first line that is a whole JSON object: NDJSON, unless that line is a minified dlt or dbt document
    // (or an `{"events": […]}` body on one line); an unknown object is sent, and refused by line
    if (isOpenLineageEvent(ndjson.firstDocument) || classifyDocument(ndjson.firstDocument) === undefined) {
      return { file, kind: 'openlineage', ndjson: true };
    }
  }
  const document = parseWhole(file);
  const found = classifyDocument(document);
  if (type === 'dlt') return { file, kind: found === 'dlt-trace' ? 'dlt-trace' : 'dlt-load-info', ndjson: false, document };
  if (type === 'dbt') return { file, kind: found?.startsWith('dbt') ? found : 'dbt-run-results', ndjson: false, document };
  if (type === 'openlineage') return { file, kind: 'openlineage', ndjson: false, document };
  if (!found) {
    throw usageError(
      `cannot tell what ${file} is (${describeUnknown(document)}): expected OpenLineage events, a dlt load_info or trace, or dbt run_results.json; or say it with --type`,
    );
  }
  return { file, kind: found, ndjson: false, document };
}

interface DbtPlan {
  runResults: PlannedFile;
  manifest?: unknown;
  sources?: unknown;
}

async function ingestFiles(context: CommandContext, options: IngestOptions, files: string[]): Promise<number> {
  // read and check every file before sending any, so a typo sends nothing
  const planned = files.map((file) => planFile(file, options.type));
  const extra = (file: string | undefined, kind: DocumentKind, flag: string) => {
    if (!file) return undefined;
    const plan = planFile(file, 'dbt');
    if (plan.kind !== kind) throw usageError(`${flag} ${file} is not a dbt ${kind === 'dbt-manifest' ? 'manifest.json' : 'sources.json'}`);
    return plan.document;
  };
  let manifest = extra(options.manifest, 'dbt-manifest', '--manifest');
  let sources = extra(options.sources, 'dbt-sources', '--sources');
  const runResults = planned.filter((p) => p.kind === 'dbt-run-results' || p.kind === 'dbt-bundle');
  for (const companion of planned.filter((p) => p.kind === 'dbt-manifest' || p.kind === 'dbt-sources')) {
    if (runResults.length !== 1) {
      throw usageError(
        `${companion.file} is a dbt ${companion.kind === 'dbt-manifest' ? 'manifest' : 'sources.json'}: send it with exactly one run_results.json (${runResults.length} given), or use --${companion.kind === 'dbt-manifest' ? 'manifest' : 'sources'}`,
      );
    }
    if (companion.kind === 'dbt-manifest') manifest = companion.document;
    else sources = companion.document;
  }

  const client = context.client();
  const results: FileResult[] = [];
  for (const plan of planned) {
    if (plan.kind === 'dbt-manifest' || plan.kind === 'dbt-sources') continue;
    const type = ingestTypeOf(plan.kind);
    let result: FileResult;
    if (type === 'openlineage') result = await ingestOpenLineage(context, client, plan, options);
    else if (type === 'dlt') result = await ingestDocument(client, plan, '/api/v1/ingest/dlt', plan.document);
    else result = await ingestDocument(client, plan, '/api/v1/ingest/dbt', dbtBody({ runResults: plan, manifest, sources }));
    results.push(result);
    if (!context.json) printResult(context, result);
  }
  if (context.json) printJson(context, results);
  const failed = results.reduce((n, r) => n + r.failed.length, 0);
  return failed > 0 ? exitCodes.failureFound : exitCodes.ok;
}

function dbtBody(plan: DbtPlan): unknown {
  if (plan.runResults.kind === 'dbt-bundle' || (plan.manifest === undefined && plan.sources === undefined)) return plan.runResults.document;
  return {
    run_results: plan.runResults.document,
    ...(plan.manifest !== undefined ? { manifest: plan.manifest } : {}),
    ...(plan.sources !== undefined ? { sources: plan.sources } : {}),
  };
}

async function ingestOpenLineage(context: CommandContext, client: CollectorClient, plan: PlannedFile, options: IngestOptions): Promise<FileResult> {
  const limits = { ...defaultChunkLimits, maxEvents: options.batchSize };
  let chunks: AsyncIterable<EventChunk> | Iterable<EventChunk>;
  let invalid: LineProblem[] = [];
  let progressOf: () => number = () => 0;
  let total = 0;
  if (plan.ndjson) {
    const reader = readNdjsonChunks(plan.file, limits);
    chunks = reader.chunks;
    invalid = reader.invalid;
    progressOf = reader.bytesRead;
    total = fs.statSync(plan.file).size;
  } else {
    const doc = plan.document as { events?: unknown[] } | unknown[];
    const events = Array.isArray(doc) ? doc : Array.isArray((doc as { events?: unknown[] }).events) ? (doc as { events: unknown[] }).events : [doc];
    chunks = chunkEvents(events, limits);
  }
  const progress = createProgress(
    context.io,
    plan.ndjson && total >= progressAboveBytes && progressWanted(context.io, context.json),
    total,
    `  ${plan.file} [{bar}] {percentage}% | {value}/{total} | {events} events, {failed} refused | ETA {eta_formatted}`,
    { events: 0, failed: 0 },
  );
  let events = 0;
  let refused = 0;
  try {
    const outcome = await sendChunks(client, chunks, options.concurrency, (done) => {
      events += done.received;
      refused += done.failed.length;
      progress.update(progressOf(), { events: formatCount(events), failed: formatCount(refused + invalid.length) });
    });
    const failed = [...invalid, ...outcome.failed].sort((a, b) => a.line - b.line);
    return {
      file: plan.file,
      type: 'openlineage',
      kind: plan.kind,
      received: outcome.received + invalid.length,
      stored: outcome.stored,
      duplicates: outcome.duplicates,
      failed,
    };
  } finally {
    progress.stop();
  }
}

interface DocumentAnswer {
  status?: string;
  runs?: number;
  qualityChecks?: number;
  freshness?: number;
  message?: string;
  problems?: Array<{ path: string; message: string }>;
}

async function ingestDocument(client: CollectorClient, plan: PlannedFile, path: string, body: unknown): Promise<FileResult> {
  const type = ingestTypeOf(plan.kind);
  const answer = await client.post<DocumentAnswer>(path, body, { accept: [400], gzipAbove: 64 * 1024, retries: 5 });
  const result: FileResult = { file: plan.file, type, kind: plan.kind, received: 1, stored: 0, duplicates: 0, failed: [] };
  if (answer.status === 400) {
    const problems = (answer.body?.problems ?? []).map((p) => `${p.path}: ${p.message}`);
    result.failed.push({ problems: problems.length > 0 ? problems : [answer.body?.message ?? 'refused'] });
    return result;
  }
  if (answer.body?.status === 'duplicate') result.duplicates = 1;
  else result.stored = 1;
  result.runs = answer.body?.runs;
  if (answer.body?.qualityChecks !== undefined) result.qualityChecks = answer.body.qualityChecks;
  if (answer.body?.freshness !== undefined) result.freshness = answer.body.freshness;
  return result;
}

const kindNames: Record<DocumentKind, string> = {
  openlineage: 'OpenLineage',
  'dlt-load-info': 'dlt load_info',
  'dlt-trace': 'dlt trace',
  'dbt-run-results': 'dbt run_results',
  'dbt-bundle': 'dbt artifacts',
  'dbt-manifest': 'dbt manifest',
  'dbt-sources': 'dbt sources',
};

function printResult(context: CommandContext, result: FileResult): void {
  const { style } = context;
  const ok = result.failed.length === 0;
  const mark = ok ? style.green('✔') : style.red('✘');
  let what: string;
  if (result.type === 'openlineage') {
    what =
      `${formatCount(result.received)} event(s): ${formatCount(result.stored)} stored` +
      `${result.duplicates ? `, ${formatCount(result.duplicates)} duplicate(s)` : ''}` +
      `${result.failed.length ? `, ${style.red(`${formatCount(result.failed.length)} refused`)}` : ''}`;
  } else if (!ok) {
    what = style.red('refused');
  } else {
    const parts = [
      result.duplicates ? 'already stored (duplicate)' : 'stored',
      result.runs !== undefined ? `${formatCount(result.runs)} run(s)` : undefined,
      result.qualityChecks ? `${formatCount(result.qualityChecks)} quality check(s)` : undefined,
      result.freshness ? `${formatCount(result.freshness)} freshness result(s)` : undefined,
    ].filter(Boolean);
    what = parts.join(', ');
  }
  context.out(`${mark} ${result.file}: ${kindNames[result.kind]}, ${what}`);
  for (const failure of result.failed.slice(0, maxPrintedFailures)) {
    const where = failure.line !== undefined ? `line ${failure.line}: ` : '';
    const [first, ...rest] = failure.problems.length > 0 ? failure.problems : ['refused'];
    context.out(`    ${where}${first}`);
    for (const problem of rest.slice(0, 5)) context.out(`    ${' '.repeat(where.length)}${problem}`);
  }
  if (result.failed.length > maxPrintedFailures) {
    context.out(style.dim(`    … and ${formatCount(result.failed.length - maxPrintedFailures)} more (--json lists them all)`));
  }
}

