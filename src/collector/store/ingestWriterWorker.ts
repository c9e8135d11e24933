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
// Checkpoints happen on their own thread, which under sustained load never finds the log
// fully copied between two commits, so only the writer can let the log start over. It does so
// past ~100 MB, copying what the checkpointer has not yet. A log that starts over rewrites
// pages of its file that are already allocated and cached; one that keeps growing (the mark
// was ~400 MB) has the file system allocate and zero fresh blocks for every frame, which was
// ≈10% of the writer thread's time. Alternating runs of 60k batched events: the collector's
// system time fell from ≈37–50 to ≈27–32 µs per event; the writer's own checkpoints take ≈6% of
// its time.
//
// A smaller page cache than the query connection's: SQLite ends every write transaction by
// truncating its page cache to the database's size, and perf shows that walk
// (pcache1TruncateUnsafe) at ≈10% of this thread with 64 MB when single POSTs make
// transactions of ~8 events. Committing 8 events at a time into a 60k-event database took
// ≈190–240 µs per event with 64 MB and ≈156 µs with 16 MB; 1,000 at a time, ≈88 µs either way.
const database = openSqliteDatabase(location, { sqliteAutocheckpointPages: 25_000, sqliteCacheKiB: 16_384 });
// Once a second rather than every 200 ms: a page the writer keeps changing (an index's last
// leaf, a busy job's row) is copied once per checkpoint, not once per commit. Measured through
// `pane serve` at 60k batched events, alternating runs: the collector's system time fell from
// ≈35 to ≈27 µs per event and its CPU from ≈203 to ≈182 µs per event; the log's peak size
// stays near the writer's mark either way.
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
