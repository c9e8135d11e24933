import type { CollectorClient } from '../collectorClient';
import { CliError } from '../exitCodes';
import type { EventChunk, LineProblem } from './eventChunks';

/**
 * Sends chunks of OpenLineage events to POST /api/v1/lineage/batch, a few at once, and reads
 * the collector's partial-success answer back onto line numbers. A chunk the collector finds
 * too large (413) is split in two and sent again, down to single events.
 */
export interface ChunkOutcome {
  received: number;
  stored: number;
  duplicates: number;
  failed: LineProblem[];
}

interface BatchAnswer {
  status?: string;
  received?: number;
  stored?: number;
  duplicates?: number;
  failed?: Array<{ index: number; problems?: Array<{ path: string; message: string }> }>;
  message?: string;
}

/** `/3/run/runId` of a batch → `/run/runId` of the event itself */
const eventPath = (path: string, index: number): string => {
  const prefix = `/${index}`;
  return path === prefix ? '/' : path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
};

export async function sendChunk(client: CollectorClient, chunk: EventChunk): Promise<ChunkOutcome> {
  let answer: { status: number; body: BatchAnswer };
  try {
    answer = await client.post<BatchAnswer>('/api/v1/lineage/batch', chunk.events, { accept: [207, 400], gzipAbove: 64 * 1024, retries: 5 });
  } catch (error) {
    if (!(error instanceof CliError) || error.httpStatus !== 413) throw error;
    if (chunk.events.length === 1) {
      return { received: 1, stored: 0, duplicates: 0, failed: [{ line: chunk.lines[0], problems: ['the event is larger than the collector\'s body limit (pane serve --body-limit)'] }] };
    }
    const half = Math.ceil(chunk.events.length / 2);
    const parts = [
      { events: chunk.events.slice(0, half), lines: chunk.lines.slice(0, half), bytes: 0 },
      { events: chunk.events.slice(half), lines: chunk.lines.slice(half), bytes: 0 },
    ];
    const [a, b] = [await sendChunk(client, parts[0]), await sendChunk(client, parts[1])];
    return { received: a.received + b.received, stored: a.stored + b.stored, duplicates: a.duplicates + b.duplicates, failed: [...a.failed, ...b.failed] };
  }
  const body = answer.body ?? {};
  if (!Array.isArray(body.failed)) {
    // a 400 that is not a batch answer: the whole body was refused
    throw new CliError(`the collector refused the batch: ${body.message ?? `status ${answer.status}`}`, 2, [], answer.status);
  }
  return {
    received: body.received ?? chunk.events.length,
    stored: body.stored ?? 0,
    duplicates: body.duplicates ?? 0,
    failed: body.failed.map((f) => ({
      line: chunk.lines[f.index] ?? f.index + 1,
      problems: (f.problems ?? []).map((p) => `${eventPath(p.path, f.index)}: ${p.message}`),
    })),
  };
}

/** Sends every chunk with at most `concurrency` requests in flight; `onDone` after each. */
export async function sendChunks(
  client: CollectorClient,
  chunks: AsyncIterable<EventChunk> | Iterable<EventChunk>,
  concurrency: number,
  onDone: (outcome: ChunkOutcome) => void,
): Promise<ChunkOutcome> {
  const total: ChunkOutcome = { received: 0, stored: 0, duplicates: 0, failed: [] };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  for await (const chunk of chunks) {
    if (failure) break;
    const sending: Promise<void> = sendChunk(client, chunk).then(
      (outcome) => {
        total.received += outcome.received;
        total.stored += outcome.stored;
        total.duplicates += outcome.duplicates;
        total.failed.push(...outcome.failed);
        onDone(outcome);
      },
      (error) => {
        failure ??= error;
      },
    );
    const tracked = sending.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  total.failed.sort((a, b) => a.line - b.line);
  return total;
}
