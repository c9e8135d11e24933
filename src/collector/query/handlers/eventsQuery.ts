import { datasetNodeId, jobNodeId } from '../../../contract/nodeIds';
import type { EventLevel } from '../../../contract/query';
import {
  eventFilterOf,
  freshnessBreachMessage,
  freshnessBreaches,
  qualityFailureMessage,
  qualityFailures,
  runStateChanges,
  runStateLevel,
  runStateMessage,
  runStatesAtLevels,
} from '../eventSources';
import { stringField, timeField, visualisedFrame } from '../frameBuilders';
import type { QueryHandler } from '../queryContext';
import { limitOf, optionalChoiceList, optionalString } from '../targetFields';

export const eventsLimits = { defaultLimit: 1000, maxLimit: 10_000 };
const eventLevels: readonly EventLevel[] = ['info', 'warning', 'error'];

interface LogLine {
  time: number;
  body: string;
  level: EventLevel;
  id: string;
  source: 'run' | 'quality' | 'freshness';
  namespace: string;
  job: string | null;
  job_id: string | null;
  dataset: string | null;
  dataset_id: string | null;
  run_id: string | null;
}

/**
 * What happened when, for Grafana's logs view: run state changes (started, completed, failed
 * with its error, aborted), failed quality checks and freshness SLA breaches, newest first.
 * The first string field is the log line (`body`), `level` is info/warning/error, and the
 * label fields (namespace, job, dataset, run_id, with node ids for links) follow.
 */
export const eventsQuery: QueryHandler<'events'> = async (target, context) => {
  const filter = eventFilterOf(target);
  const levels = optionalChoiceList(target, 'levels', eventLevels);
  const limit = limitOf(target, eventsLimits);

  const [changes, quality, freshness] = await Promise.all([
    runStateChanges(context, filter, levels === undefined ? undefined : runStatesAtLevels(levels), limit + 1),
    qualityFailures(context, filter, levels, limit + 1),
    freshnessBreaches(context, filter, levels, limit + 1),
  ]);
  const lines: LogLine[] = [
    ...changes.map((change) => ({
      time: change.time,
      body: runStateMessage(change),
      level: runStateLevel(change.state),
      id: `run:${change.run_id}:${change.state}:${change.time}`,
      source: 'run' as const,
      namespace: change.job_namespace,
      job: change.job_name,
      job_id: jobNodeId(change.job_namespace, change.job_name),
      dataset: null,
      dataset_id: null,
      run_id: change.run_id,
    })),
    ...quality.map((failure) => ({
      time: failure.time,
      body: qualityFailureMessage(failure),
      level: failure.level,
      id: `quality:${failure.id}`,
      source: 'quality' as const,
      namespace: failure.dataset_namespace,
      job: failure.job_name,
      job_id: failure.job_namespace !== null && failure.job_name !== null ? jobNodeId(failure.job_namespace, failure.job_name) : null,
      dataset: failure.dataset_name,
      dataset_id: datasetNodeId(failure.dataset_namespace, failure.dataset_name),
      run_id: failure.run_id,
    })),
    ...freshness.map((breach) => ({
      time: breach.time,
      body: freshnessBreachMessage(breach),
      level: breach.level,
      id: `freshness:${breach.id}`,
      source: 'freshness' as const,
      namespace: breach.dataset_namespace,
      job: null,
      job_id: null,
      dataset: breach.dataset_name,
      dataset_id: datasetNodeId(breach.dataset_namespace, breach.dataset_name),
      run_id: null,
    })),
  ].sort((a, b) => b.time - a.time); // stable: each source keeps its own order for equal times

  const truncated = lines.length > limit;
  const shown = truncated ? lines.slice(0, limit) : lines;
  const column = <K extends keyof LogLine>(key: K) => shown.map((line) => line[key]);
  return [
    visualisedFrame('logs', {
      name: 'events',
      meta: truncated
        ? { notices: [{ severity: 'warning', text: `Showing the newest ${limit} events; narrow the range or filters, or raise the limit (at most ${eventsLimits.maxLimit}).` }] }
        : undefined,
      fields: [
        timeField('time', column('time')),
        stringField('body', column('body')),
        stringField('level', column('level')),
        stringField('id', column('id')),
        stringField('source', column('source')),
        stringField('namespace', column('namespace')),
        stringField('job', column('job')),
        stringField('job_id', column('job_id')),
        stringField('dataset', column('dataset')),
        stringField('dataset_id', column('dataset_id')),
        stringField('run_id', column('run_id')),
      ],
    }),
  ];
};
