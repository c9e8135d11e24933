import type { FastifyInstance } from 'fastify';
import { datasetNodeId, jobNodeId, NodeIdError, type NodeKind, type NodeRef, parseNodeId } from '../../../contract/nodeIds';
import { loadDatasetFreshness } from '../../sla/datasetFreshness';
import { datasetFacts } from '../../sla/storedSlaFacts';
import { formatDuration } from '../../sla/durations';
import { evaluateFreshness } from '../../sla/freshnessStatus';
import type { EffectiveSla, SlaResolver } from '../../sla/slaResolver';
import type { PaneDatabase } from '../../store/openDatabase';
import { HttpError } from '../errorResponses';

/**
 * A dataset's or job's effective SLA, part by part with where each came from (config rule with
 * file:line, OpenLineage facet, dbt criteria, defaults), and for datasets the freshness now:
 * - `GET /api/v1/sla/dataset?node=dataset:<namespace>:<name>` (read scope)
 * - `GET /api/v1/sla/job?node=job:<namespace>:<name>` (read scope)
 * A node the collector has not seen yet still answers (`known: false`) with what config says.
 */
export function registerSlaRoutes(app: FastifyInstance, database: PaneDatabase, slas: SlaResolver): void {
  app.get<{ Querystring: { node?: string } }>('/api/v1/sla/dataset', { config: { scope: 'read' } }, async (request) => {
    const ref = nodeParam(request.query.node, 'dataset');
    const now = Date.now();
    const [row] = await loadDatasetFreshness(database.db, slas, now, { namespace: ref.namespace, name: ref.name });
    const sla = row?.sla ?? slas.forDataset(ref);
    const verdict = row?.verdict ?? evaluateFreshness(null, sla, now);
    return {
      node: datasetNodeId(ref.namespace, ref.name),
      namespace: ref.namespace,
      name: ref.name,
      known: row !== undefined,
      sla: describeSla(sla, 'dataset'),
      matchedRules: sla.matchedRules ?? [],
      facts: {
        owners: row?.facts.owners ?? [],
        tags: row?.facts.tags ?? [],
        dbtFreshnessCriteria: row?.facts.freshnessCriteria ?? null,
      },
      freshness: {
        status: verdict.status,
        reason: verdict.reason,
        lastUpdate: isoOrNull(row?.lastUpdate ?? null),
        lastWrittenAt: isoOrNull(row?.lastWrittenAt ?? null),
        dbtMaxLoadedAt: isoOrNull(row?.maxLoadedAt ?? null),
        ageSeconds: verdict.ageSeconds === null ? null : Math.round(verdict.ageSeconds),
        warnAfterSeconds: roundOrNull(verdict.warnAfterSeconds),
        criticalAfterSeconds: roundOrNull(verdict.criticalAfterSeconds),
        ...(verdict.dueSince !== undefined ? { dueSince: new Date(verdict.dueSince).toISOString() } : {}),
        producingJob: row?.producingJob ? jobNodeId(row.producingJob.namespace, row.producingJob.name) : null,
        evaluatedAt: new Date(now).toISOString(),
      },
    };
  });

  app.get<{ Querystring: { node?: string } }>('/api/v1/sla/job', { config: { scope: 'read' } }, async (request) => {
    const ref = nodeParam(request.query.node, 'job');
    const job = await database.db
      .selectFrom('jobs')
      .select(['owners', 'tags', 'latest_run_state', 'latest_run_time', 'last_success_at'])
      .where('namespace', '=', ref.namespace)
      .where('name', '=', ref.name)
      .executeTakeFirst();
    const facts = job ? datasetFacts(job.owners, job.tags) : {};
    const sla = slas.forJob(ref, facts);
    return {
      node: jobNodeId(ref.namespace, ref.name),
      namespace: ref.namespace,
      name: ref.name,
      known: job !== undefined,
      sla: describeSla(sla, 'job'),
      matchedRules: sla.matchedRules ?? [],
      facts: { owners: facts.owners ?? [], tags: facts.tags ?? [] },
      latestRun: job
        ? { state: job.latest_run_state, time: isoOrNull(job.latest_run_time), lastSuccessAt: isoOrNull(job.last_success_at) }
        : null,
    };
  });
}

function nodeParam(value: string | undefined, kind: NodeKind): NodeRef {
  if (value === undefined || value === '') {
    throw new HttpError(400, 'invalid_query', `the "node" query parameter is required: ?node=${kind}:<namespace>:<name>`, [
      { path: '/node', message: 'is required' },
    ]);
  }
  let ref: NodeRef;
  try {
    ref = parseNodeId(value);
  } catch (error) {
    if (error instanceof NodeIdError) throw new HttpError(400, 'invalid_query', error.message, [{ path: '/node', message: error.message }]);
    throw error;
  }
  if (ref.kind !== kind) {
    throw new HttpError(400, 'invalid_query', `"${value}" is a ${ref.kind} node id; this path takes ${kind}:<namespace>:<name>`, [
      { path: '/node', message: `must be a ${kind} node id` },
    ]);
  }
  return ref;
}

const isoOrNull = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());
const roundOrNull = (value: number | null): number | null => (value === null ? null : Math.round(value));
const withDuration = (seconds: number | undefined) => (seconds === undefined ? null : { seconds, text: formatDuration(seconds) });

/** The SLA part by part, each with its value and where it came from. */
function describeSla(sla: EffectiveSla, kind: NodeKind) {
  const origins = sla.origins ?? {};
  const schedule = sla.schedule
    ? {
        cron: sla.schedule.cron,
        timezone: sla.schedule.timezone,
        grace: withDuration(sla.schedule.graceSeconds),
        warnGrace: withDuration(sla.schedule.warnGraceSeconds),
      }
    : null;
  const people = {
    owners: { value: sla.owners, source: origins.owners ?? null },
    team: { value: sla.team ?? null, source: origins.team ?? null },
    severity: { value: sla.severity, source: origins.severity ?? null },
  };
  if (kind === 'job') return { expectedSchedule: { value: schedule, source: origins.expectedSchedule ?? null }, ...people };
  return {
    freshness: {
      warnAfter: withDuration(sla.warnAfterSeconds),
      criticalAfter: withDuration(sla.criticalAfterSeconds),
      expectedSchedule: schedule,
      source: origins.freshness ?? null,
    },
    minQualityPassRatio: { value: sla.minQualityPassRatio ?? null, source: origins.minQualityPassRatio ?? null },
    ...people,
  };
}
