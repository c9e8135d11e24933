import { datasetNodeId, jobNodeId } from '../../../contract/nodeIds';
import {
  eventFilterOf,
  freshnessBreachMessage,
  freshnessBreaches,
  qualityFailureMessage,
  qualityFailures,
  runStateChanges,
} from '../eventSources';
import { otherField, stringField, tableFrame, timeField } from '../frameBuilders';
import type { QueryHandler } from '../queryContext';
import { limitOf, optionalChoiceList, optionalString } from '../targetFields';

export const annotationsLimits = { defaultLimit: 1000, maxLimit: 10_000 };
type AnnotationType = 'runFailure' | 'qualityFailure' | 'slaBreach';
const annotationTypes: readonly AnnotationType[] = ['runFailure', 'qualityFailure', 'slaBreach'];

interface Annotation {
  time: number;
  timeEnd: number;
  title: string;
  text: string;
  tags: string[];
  type: AnnotationType;
  namespace: string;
  job_id: string | null;
  dataset_id: string | null;
  run_id: string | null;
}

/**
 * Grafana annotations: failed runs (at the time they failed), failed quality checks and
 * freshness SLA breaches in the range, newest first, as one frame with time, timeEnd, title,
 * text and tags, plus the job, dataset and run they concern.
 */
export const annotationsQuery: QueryHandler<'annotations'> = async (target, context) => {
  // annotations take no `search`
  const filter = eventFilterOf({ ...target, search: undefined });
  const types = optionalChoiceList(target, 'types', annotationTypes) ?? annotationTypes;
  const limit = limitOf(target, annotationsLimits);
  const wants = (type: AnnotationType) => types.includes(type);

  const [failures, quality, breaches] = await Promise.all([
    wants('runFailure') ? runStateChanges(context, filter, ['FAIL'], limit + 1) : [],
    wants('qualityFailure') ? qualityFailures(context, filter, undefined, limit + 1) : [],
    wants('slaBreach') ? freshnessBreaches(context, filter, undefined, limit + 1) : [],
  ]);
  const annotations: Annotation[] = [
    ...failures.map((run) => ({
      time: run.time,
      timeEnd: run.time,
      title: `${run.job_name} failed`,
      text: run.error_message ?? 'The run failed without an error message.',
      tags: ['run failure', run.job_namespace, run.job_name],
      type: 'runFailure' as const,
      namespace: run.job_namespace,
      job_id: jobNodeId(run.job_namespace, run.job_name),
      dataset_id: null,
      run_id: run.run_id,
    })),
    ...quality.map((failure) => ({
      time: failure.time,
      timeEnd: failure.time,
      title: `Quality check ${failure.check_name} failed on ${failure.dataset_name}`,
      text: qualityFailureMessage(failure),
      tags: ['quality failure', failure.level, failure.dataset_name, failure.check_name],
      type: 'qualityFailure' as const,
      namespace: failure.dataset_namespace,
      job_id: failure.job_namespace !== null && failure.job_name !== null ? jobNodeId(failure.job_namespace, failure.job_name) : null,
      dataset_id: datasetNodeId(failure.dataset_namespace, failure.dataset_name),
      run_id: failure.run_id,
    })),
    ...breaches.map((breach) => ({
      time: breach.time,
      timeEnd: breach.time,
      title: `Freshness SLA breached: ${breach.dataset_name}`,
      text: freshnessBreachMessage(breach),
      tags: ['sla breach', breach.level, breach.dataset_name],
      type: 'slaBreach' as const,
      namespace: breach.dataset_namespace,
      job_id: null,
      dataset_id: datasetNodeId(breach.dataset_namespace, breach.dataset_name),
      run_id: null,
    })),
  ].sort((a, b) => b.time - a.time);

  const truncated = annotations.length > limit;
  const shown = truncated ? annotations.slice(0, limit) : annotations;
  const column = <K extends keyof Annotation>(key: K) => shown.map((a) => a[key]);
  return [
    tableFrame(
      [
        timeField('time', column('time')),
        timeField('timeEnd', column('timeEnd')),
        stringField('title', column('title')),
        stringField('text', column('text')),
        otherField('tags', column('tags')),
        stringField('type', column('type')),
        stringField('namespace', column('namespace')),
        stringField('job_id', column('job_id')),
        stringField('dataset_id', column('dataset_id')),
        stringField('run_id', column('run_id')),
      ],
      {
        name: 'annotations',
        meta: truncated ? { notices: [{ severity: 'warning', text: `Showing the newest ${limit} annotations.` }] } : undefined,
      },
    ),
  ];
};
