import type { FastifyInstance } from 'fastify';
import { normalizeDltPayload } from '../../ingest/dlt/normalizeDltPayload';
import type { IngestSink } from '../../store/ingestSink';

/** dlt: the JSON of `load_info.asdict()` or `pipeline.last_trace.asdict()`. */
export function registerDltRoutes(app: FastifyInstance, writer: IngestSink): void {
  app.post('/api/v1/ingest/dlt', { config: { scope: 'write' } }, async (request, reply) => {
    const envelope = normalizeDltPayload(request.body);
    const [outcome] = await writer.submit([envelope]);
    reply.status(201).send({ status: outcome, runs: envelope.runs.length ? new Set(envelope.runs.map((r) => r.runId)).size : 0 });
  });
}
