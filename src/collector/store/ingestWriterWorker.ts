/**
 * The body of the SQLite writer thread (see ingestWriterThread.ts): one connection, one
 * IngestWriter with its group commit, fed by messages from the HTTP thread.
 */
import path from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { IngestWriter } from './ingestWriter';
import { openSqliteDatabase, sqliteFileOf } from './openDatabase';
import { type WriterThreadData, type WriterThreadReply, type WriterThreadRequest, decodeEnvelopes } from './writerThreadProtocol';

const port = parentPort;
if (!port) throw new Error('ingestWriterWorker runs only as a worker thread');
const { location, maxEnvelopesPerTransaction } = workerData as WriterThreadData;
// Checkpoints happen on their own thread; the writer only checkpoints past ~400 MB of log,
// which bounds the log when sustained load keeps the checkpointer from catching up.
const database = openSqliteDatabase(location, { sqliteAutocheckpointPages: 100_000 });
// Once a second rather than every 200 ms: a page the writer keeps changing (an index's last
// leaf, a busy job's row) is copied once per checkpoint, not once per commit. Measured through
// `pane serve` at 60k batched events, alternating runs: the collector's system time fell from
// ≈35 to ≈27 µs per event and its CPU from ≈203 to ≈182 µs per event; the log's peak size
// is the writer's ~400 MB mark either way, since sustained commits keep it from restarting.
const checkpointer = new Worker(path.join(__dirname, 'walCheckpointWorker.js'), {
  workerData: { file: sqliteFileOf(location), intervalMs: 1_000 },
});
// The HTTP thread bounds the queue; here everything it sends is taken.
const writer = new IngestWriter(database, { maxQueuedEnvelopes: Number.POSITIVE_INFINITY, maxEnvelopesPerTransaction });
const stopCheckpointer = () =>
  new Promise<void>((resolve) => {
    checkpointer.once('exit', () => resolve());
    checkpointer.once('message', () => void checkpointer.terminate());
    checkpointer.postMessage({ kind: 'close' });
  });
const reply = (message: WriterThreadReply) => port.postMessage(message);

port.on('message', (request: WriterThreadRequest) => {
  if (request.kind === 'submit') {
    writer.submit(decodeEnvelopes(request)).then(
      (outcomes) => reply({ kind: 'committed', id: request.id, outcomes }),
      (error: unknown) => {
        const { name, message, code } = error as { name?: string; message?: string; code?: string };
        reply({ kind: 'failed', id: request.id, error: { name: name ?? 'Error', message: message ?? String(error), code } });
      },
    );
  } else if (request.kind === 'close') {
    void writer
      .close()
      .then(() => stopCheckpointer())
      .then(() => database.close())
      .then(() => reply({ kind: 'closed' }));
  }
});
reply({ kind: 'ready' });
