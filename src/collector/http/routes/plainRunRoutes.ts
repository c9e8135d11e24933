import type { FastifyInstance } from 'fastify';
import { jobNodeId } from '../../../contract/nodeIds';
import { normalizePlainRun, type PlainRunPhase } from '../../ingest/plain/normalizePlainRun';
import type { JobKey } from '../../model/observations';
import type { IngestSink } from '../../store/ingestSink';
import type { PaneDatabase } from '../../store/openDatabase';
import { HttpError } from '../errorResponses';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Plain runs for cron jobs, CI workflows, cloud functions and notebooks: start, finish, or
 * report a whole run in one call, each a single curl line.
 */
export function registerPlainRunRoutes(app: FastifyInstance, writer: IngestSink, database: PaneDatabase): void {
  const handle = async (phase: PlainRunPhase, body: unknown, runId?: string) => {
    let knownJob: JobKey | undefined;
    if (runId !== undefined) {
      if (!uuidPattern.test(runId)) {
        throw new HttpError(400, 'invalid_document', `run id "${runId}" in the URL is not a UUID`, [
          { path: '/runId', message: 'must be a UUID' },
        ]);
      }
      const known = await database.db
        .selectFrom('runs')
        .select(['job_namespace', 'job_name'])
        .where('run_id', '=', runId)
        .executeTakeFirst();
      knownJob = known ? { namespace: known.job_namespace, name: known.job_name } : undefined;
    }
    const { envelope, runId: id } = normalizePlainRun(body ?? {}, { phase, runId, knownJob, now: Date.now() });
    const [outcome] = await writer.submit([envelope]);
    const run = envelope.runs[envelope.runs.length - 1];
    return { status: outcome, runId: id, job: jobNodeId(run.job.namespace, run.job.name), state: run.eventType };
  };

  app.post('/api/v1/ingest/runs', { config: { scope: 'write' } }, async (request, reply) => {
    reply.status(201).send(await handle('report', request.body));
  });
  app.post('/api/v1/ingest/runs/start', { config: { scope: 'write' } }, async (request, reply) => {
    reply.status(201).send(await handle('start', request.body));
  });
  app.post<{ Params: { runId: string } }>(
    '/api/v1/ingest/runs/:runId/finish',
    { config: { scope: 'write' } },
    async (request, reply) => {
      reply.status(201).send(await handle('finish', request.body, request.params.runId));
    },
  );
}
