/**
 * The body of the SQLite writer thread (see ingestWriterThread.ts): one connection, one
 * IngestWriter with its group commit, fed by messages from the HTTP thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { IngestEnvelope } from '../model/observations';
import { IngestWriter } from './ingestWriter';
import { openSqliteDatabase } from './openDatabase';
import type { WriterThreadData, WriterThreadReply, WriterThreadRequest } from './writerThreadProtocol';

const port = parentPort;
if (!port) throw new Error('ingestWriterWorker runs only as a worker thread');
const { location, maxEnvelopesPerTransaction } = workerData as WriterThreadData;
const database = openSqliteDatabase(location);
// The HTTP thread bounds the queue; here everything it sends is taken.
const writer = new IngestWriter(database, { maxQueuedEnvelopes: Number.POSITIVE_INFINITY, maxEnvelopesPerTransaction });
const reply = (message: WriterThreadReply) => port.postMessage(message);

port.on('message', (request: WriterThreadRequest) => {
  if (request.kind === 'submit') {
    writer.submit(request.envelopes as IngestEnvelope[]).then(
      (outcomes) => reply({ kind: 'committed', id: request.id, outcomes }),
      (error: unknown) => {
        const { name, message, code } = error as { name?: string; message?: string; code?: string };
        reply({ kind: 'failed', id: request.id, error: { name: name ?? 'Error', message: message ?? String(error), code } });
      },
    );
  } else if (request.kind === 'close') {
    void writer
      .close()
      .then(() => database.close())
      .then(() => reply({ kind: 'closed' }));
  }
});
reply({ kind: 'ready' });
