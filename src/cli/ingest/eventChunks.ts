import fs from 'node:fs';
import readline from 'node:readline';

/**
 * OpenLineage NDJSON read as a stream, a line at a time, into chunks small enough for one
 * batch request. Each event keeps its line number, so what the collector refuses can be
 * reported by line; lines that are not JSON are reported without being sent.
 */
export interface EventChunk {
  events: unknown[];
  /** 1-based line of each event */
  lines: number[];
  bytes: number;
}

export interface LineProblem {
  line: number;
  problems: string[];
}

export interface ChunkLimits {
  maxEvents: number;
  maxBytes: number;
}

export const defaultChunkLimits: ChunkLimits = { maxEvents: 500, maxBytes: 2 * 1024 * 1024 };

export interface ChunkReader {
  chunks: AsyncGenerator<EventChunk>;
  /** lines that are not JSON objects, found while reading */
  invalid: LineProblem[];
  /** bytes of the file read so far (for progress) */
  bytesRead(): number;
}

export function readNdjsonChunks(file: string, limits: ChunkLimits = defaultChunkLimits): ChunkReader {
  const invalid: LineProblem[] = [];
  const stream = fs.createReadStream(file);
  let read = 0;
  stream.on('data', (chunk) => {
    read += chunk.length;
  });
  async function* chunks(): AsyncGenerator<EventChunk> {
    const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
    let current: EventChunk = { events: [], lines: [], bytes: 0 };
    let number = 0;
    for await (const raw of lines) {
      number += 1;
      const line = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch (error) {
        invalid.push({ line: number, problems: [`not valid JSON: ${(error as Error).message}`] });
        continue;
      }
      if (typeof event !== 'object' || event === null || Array.isArray(event)) {
        invalid.push({ line: number, problems: ['must be a JSON object (one OpenLineage event per line)'] });
        continue;
      }
      const bytes = Buffer.byteLength(line, 'utf8') + 1;
      if (current.events.length > 0 && (current.events.length >= limits.maxEvents || current.bytes + bytes > limits.maxBytes)) {
        yield current;
        current = { events: [], lines: [], bytes: 0 };
      }
      current.events.push(event);
      current.lines.push(number);
      current.bytes += bytes;
    }
    if (current.events.length > 0) yield current;
  }
  return { chunks: chunks(), invalid, bytesRead: () => read };
}

/** Events already in memory (a JSON array or `{events}` file): chunks whose "lines" are 1-based positions. */
export function* chunkEvents(events: unknown[], limits: ChunkLimits = defaultChunkLimits): Generator<EventChunk> {
  let current: EventChunk = { events: [], lines: [], bytes: 0 };
  for (let i = 0; i < events.length; i++) {
    const bytes = Buffer.byteLength(JSON.stringify(events[i]), 'utf8') + 1;
    if (current.events.length > 0 && (current.events.length >= limits.maxEvents || current.bytes + bytes > limits.maxBytes)) {
      yield current;
      current = { events: [], lines: [], bytes: 0 };
    }
    current.events.push(events[i]);
    current.lines.push(i + 1);
    current.bytes += bytes;
  }
  if (current.events.length > 0) yield current;
}
