import type { FastifyInstance } from 'fastify';
import { ingestOpenLineageEvent } from '../../ingest/openlineage/ingestOpenLineageEvent';
import type { IngestSink } from '../../store/ingestSink';
import { HttpError } from '../errorResponses';
import { ingestBatch } from './ingestBatch';

/** The paths every OpenLineage HTTP transport posts to by default. */
export function registerOpenLineageRoutes(app: FastifyInstance, writer: IngestSink): void {
  app.post('/api/v1/lineage', { config: { scope: 'write' } }, async (request, reply) => {
    const body = request.body;
    if (Array.isArray(body)) {
      throw new HttpError(400, 'invalid_document', 'this path takes one event; send arrays to /api/v1/lineage/batch', [
        { path: '/', message: 'must be an object, not an array' },
      ]);
    }
    const envelope = ingestOpenLineageEvent(body);
    const [outcome] = await writer.submit([envelope]);
    // Marquez answers 201; OpenLineage clients accept any 2xx.
    reply.status(201).send({ status: outcome });
  });

  app.post('/api/v1/lineage/batch', { config: { scope: 'write' } }, async (request, reply) => {
    const events = batchEventsOf(request.body);
    const { statusCode, answer } = await ingestBatch(events, ingestOpenLineageEvent, writer);
    reply.status(statusCode).send(answer);
  });
}

/** The spec's batch body is a JSON array; `{ "events": [...] }` and NDJSON are taken too. */
function batchEventsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events)) {
    return (body as { events: unknown[] }).events;
  }
  throw new HttpError(400, 'invalid_document', 'the batch body must be a JSON array of OpenLineage events', [
    { path: '/', message: 'must be an array' },
  ]);
}
