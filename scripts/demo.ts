/**
 * `npm run demo`: plays realistic pipelines into a collector, continuously (see demoPipelines.ts
 * for the world it plays). First it backfills the last hours, so the dashboards have history at
 * once; then it sends each event when it happens.
 *
 *   npm run demo -- --url http://127.0.0.1:7070 --token <write token>
 *   PANE_URL=... PANE_TOKEN=... npm run demo
 *
 * Options (or environment): --url (PANE_URL), --token (PANE_TOKEN, a write token), --backfill-hours
 * (PANE_DEMO_BACKFILL_HOURS, default 24), --duration <seconds> (stop after; default: until stopped),
 * --quiet. Replaying a time range sends the same documents, which the collector stores once, so
 * restarting the demo does not double its history.
 */
import { Command, InvalidArgumentError } from 'commander';
import fs from 'node:fs';
import path from 'node:path';

import { DemoClient, type DemoCounts, sleep } from './demoClient';
import { type Emission, type Pipeline, pipelines as defaultPipelines, slotOf, slotStart } from './demoPipelines';

export interface DemoOptions {
  url: string;
  token?: string;
  backfillHours: number;
  /** stop after this long; undefined: until stop() */
  durationMs?: number;
  log?: (line: string) => void;
  pipelines?: readonly Pipeline[];
  /** the clock, for tests */
  now?: () => number;
}

export interface RunningDemo {
  /** resolves when the demo has stopped (after durationMs, or stop()) */
  done: Promise<DemoCounts>;
  stop(): Promise<DemoCounts>;
  counts: DemoCounts;
}

const BATCH = 200;
const CONCURRENCY = 8;

/** Starts the demo: backfill, then live. */
export function startDemo(options: DemoOptions): RunningDemo {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  const client = new DemoClient({ url: options.url, token: options.token, log });
  const pipelines = options.pipelines ?? defaultPipelines;
  let stopping = false;
  let wake: (() => void) | undefined;

  const done = (async () => {
    await client.waitUntilReady();
    const startedAt = now();
    const queue: Emission[] = [];
    const lastSlot = new Map<Pipeline, number>();

    // Backfill: every slot that started in the window, sent at once (in batches), oldest first.
    const from = startedAt - options.backfillHours * 3_600_000;
    for (const pipeline of pipelines) {
      const first = slotOf(pipeline, from);
      const last = slotOf(pipeline, startedAt);
      for (let slot = first; slot <= last; slot++) {
        queue.push(...pipeline.play(slot, slotStart(pipeline, slot)));
      }
      lastSlot.set(pipeline, last);
    }
    queue.sort((a, b) => a.at - b.at);
    const due = takeDue(queue, startedAt);
    if (due.length > 0) {
      log(`demo: backfilling ${options.backfillHours} h: ${due.length} documents into ${options.url}`);
      await sendAll(client, due);
      log(`demo: backfill done (${client.counts.stored} stored, ${client.counts.duplicates} already there, ${client.counts.rejected} refused)`);
    }

    // Live: new slots as their time comes, each document when it happens.
    const until = options.durationMs === undefined ? Infinity : startedAt + options.durationMs;
    let lastSummary = now();
    while (!stopping && now() < until) {
      const current = now();
      for (const pipeline of pipelines) {
        const slot = slotOf(pipeline, current);
        for (let next = (lastSlot.get(pipeline) ?? slot - 1) + 1; next <= slot; next++) {
          queue.push(...pipeline.play(next, slotStart(pipeline, next)));
        }
        lastSlot.set(pipeline, slot);
      }
      queue.sort((a, b) => a.at - b.at);
      for (const emission of takeDue(queue, current)) {
        await client.post(emission.path, emission.body, emission.kind);
        log(`demo: ${new Date(emission.at).toISOString()} ${emission.label}`);
      }
      if (current - lastSummary >= 60_000) {
        lastSummary = current;
        log(`demo: ${summary(client.counts)}`);
      }
      const nextAt = Math.min(queue[0]?.at ?? Infinity, until, current + 1_000);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.max(50, nextAt - now()));
      });
      wake = undefined;
    }
    log(`demo: stopped; ${summary(client.counts)}`);
    return client.counts;
  })();

  return {
    done,
    counts: client.counts,
    stop: async () => {
      stopping = true;
      wake?.();
      return done;
    },
  };
}

function takeDue(queue: Emission[], time: number): Emission[] {
  let count = 0;
  while (count < queue.length && queue[count].at <= time) {
    count++;
  }
  return queue.splice(0, count);
}

/** Backfill: OpenLineage events in batches, other documents one by one, a few requests at a time. */
async function sendAll(client: DemoClient, emissions: Emission[]): Promise<void> {
  const requests: Array<() => Promise<boolean>> = [];
  let batch: unknown[] = [];
  const flush = () => {
    if (batch.length > 0) {
      const events = batch;
      requests.push(() => client.post('/api/v1/lineage/batch', events, 'openlineage'));
      batch = [];
    }
  };
  for (const emission of emissions) {
    if (emission.kind === 'openlineage') {
      batch.push(emission.body);
      if (batch.length >= BATCH) {
        flush();
      }
    } else {
      flush();
      requests.push(() => client.post(emission.path, emission.body, emission.kind));
    }
  }
  flush();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        await requests[next++]();
      }
    }),
  );
}

const summary = (counts: DemoCounts) =>
  `${counts.stored} documents stored, ${counts.duplicates} duplicates, ${counts.rejected} refused, ${counts.errors} undeliverable ` +
  `(${Object.entries(counts.byKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ')})`;

/** A write token from .data/tokens.env, the file `npm start` keeps, when none is given. */
function tokenFromStartFile(): string | undefined {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
  const file = path.join(dir, '.data', 'tokens.env');
  if (!fs.existsSync(file)) {
    return undefined;
  }
  return /^PANE_WRITE_TOKEN=(.+)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1]?.trim();
}

const nonNegative = (name: string) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new InvalidArgumentError(`${name} must be a number of 0 or more`);
  }
  return parsed;
};

export function demoCommand(): Command {
  return new Command('demo')
    .description('play realistic pipelines (Airflow, dbt, Spark, dlt, a cloud function) into a Pipeline Pane collector')
    .option('--url <url>', 'the collector', process.env.PANE_URL ?? 'http://127.0.0.1:7070')
    .option('--token <token>', 'a write token (default: PANE_TOKEN, or the one npm start keeps in .data/tokens.env)', process.env.PANE_TOKEN)
    .option('--backfill-hours <hours>', 'history to send at start', nonNegative('--backfill-hours'), Number(process.env.PANE_DEMO_BACKFILL_HOURS ?? 24))
    .option('--duration <seconds>', 'stop after this many seconds (default: run until stopped)', nonNegative('--duration'))
    .option('--quiet', 'log only summaries')
    .action(async (options: { url: string; token?: string; backfillHours: number; duration?: number; quiet?: boolean }) => {
      const token = options.token ?? tokenFromStartFile();
      const demo = startDemo({
        url: options.url,
        token,
        backfillHours: options.backfillHours,
        durationMs: options.duration === undefined ? undefined : options.duration * 1000,
        log: (line) => {
          if (!options.quiet || !line.startsWith('demo: 20')) {
            console.log(line);
          }
        },
      });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => void demo.stop());
      }
      const counts = await demo.done;
      if (counts.rejected > 0) {
        process.exitCode = 1;
      }
    });
}

if (require.main === module) {
  demoCommand()
    .parseAsync(process.argv)
    .catch((error: Error) => {
      console.error(`demo: ${error.message}`);
      process.exit(1);
    });
}

export { sleep };
