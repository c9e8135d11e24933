import type { FastifyInstance } from 'fastify';
import { normalizeDbtRunResults } from '../../ingest/dbt/normalizeDbtRunResults';
import type { IngestSink } from '../../store/ingestSink';

/** dbt: `run_results.json`, or `{ run_results, manifest?, sources? }` to link tests to models. */
export function registerDbtRoutes(app: FastifyInstance, writer: IngestSink): void {
  app.post('/api/v1/ingest/dbt', { config: { scope: 'write' } }, async (request, reply) => {
    const envelope = normalizeDbtRunResults(request.body);
    const [outcome] = await writer.submit([envelope]);
    reply.status(201).send({
      status: outcome,
      runs: new Set(envelope.runs.map((r) => r.runId)).size,
      qualityChecks: envelope.qualityChecks.length,
      freshness: envelope.freshness.length,
    });
  });
}
