import type { ChangeEvent, ReactNode } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField, InlineFieldRow, InlineSwitch, Input, RadioButtonGroup, Stack } from '@grafana/ui';

import type { DataSource } from '../../datasource';
import {
  type AnnotationType,
  type EventLevel,
  type FreshnessStatus,
  type LineageDirection,
  type PaneOptions,
  type PaneQuery,
  QUERY_KIND_LABELS,
  QUERY_KINDS,
  type QueryKind,
  type RunState,
  type RunStatsMetric,
  type VariableSubject,
} from '../../types';
import { kindsWith } from '../../queryModel';
import { CollectorPicker, MultiPicker } from './pickers';

export type QueryEditorComponentProps = QueryEditorProps<DataSource, PaneQuery, PaneOptions>;

const KIND_OPTIONS: Array<ComboboxOption<QueryKind>> = QUERY_KINDS.map((kind) => ({
  value: kind,
  label: QUERY_KIND_LABELS[kind].label,
  description: QUERY_KIND_LABELS[kind].description,
}));

const RUN_STATES: Array<{ value: RunState; label: string }> = ['COMPLETE', 'FAIL', 'RUNNING', 'START', 'ABORT', 'OTHER'].map((s) => ({ value: s as RunState, label: s }));
const FRESHNESS_STATUSES: Array<{ value: FreshnessStatus; label: string }> = [
  { value: 'fresh', label: 'Fresh' },
  { value: 'warning', label: 'Warning' },
  { value: 'stale', label: 'Stale' },
  { value: 'unknown', label: 'Unknown' },
];
const LEVELS: Array<{ value: EventLevel; label: string }> = [
  { value: 'info', label: 'Info' },
  { value: 'warning', label: 'Warning' },
  { value: 'error', label: 'Error' },
];
const ANNOTATION_TYPES: Array<{ value: AnnotationType; label: string }> = [
  { value: 'runFailure', label: 'Run failures' },
  { value: 'qualityFailure', label: 'Quality failures' },
  { value: 'slaBreach', label: 'SLA breaches' },
];
const DIRECTIONS: Array<{ value: LineageDirection; label: string }> = [
  { value: 'upstream', label: 'Upstream' },
  { value: 'downstream', label: 'Downstream' },
  { value: 'both', label: 'Both' },
];
const METRICS: Array<{ value: RunStatsMetric; label: string }> = [
  { value: 'countByState', label: 'Runs by state' },
  { value: 'duration', label: 'Duration' },
  { value: 'successRate', label: 'Success rate' },
];
const SUBJECTS: Array<{ value: VariableSubject; label: string }> = [
  { value: 'namespaces', label: 'Namespaces' },
  { value: 'jobs', label: 'Jobs' },
  { value: 'datasets', label: 'Datasets' },
  { value: 'owners', label: 'Owners' },
  { value: 'orchestrators', label: 'Orchestrators' },
];

/** Kinds that are filtered by namespace (the namespace picker shows for them). */
const NAMESPACED: Set<QueryKind> = kindsWith('namespace');

const LABEL_WIDTH = 14;

/**
 * One query: the kind, then the controls that kind needs — namespace, job and dataset pickers
 * that search the collector, state filters, depth, direction and "as of" for lineage. Every
 * field takes template variables. Pickers, switches and radios run the query at once; typed
 * fields run it when they lose focus.
 */
export function QueryEditor({ query, onChange, onRunQuery, datasource }: QueryEditorComponentProps) {
  const kind = query.kind ?? 'runs';
  const set = (patch: Partial<PaneQuery>, run = true) => {
    onChange({ ...query, ...patch });
    if (run) {onRunQuery();}
  };
  const text = (field: keyof PaneQuery) => ({
    value: (query[field] as string | number | undefined) ?? '',
    onChange: (event: ChangeEvent<HTMLInputElement>) => set({ [field]: event.currentTarget.value } as Partial<PaneQuery>, false),
    onBlur: () => onRunQuery(),
  });
  const namespace = query.namespace || datasource.defaultNamespace;

  const field = (label: string, tooltip: string, control: ReactNode, grow = false) => (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip} grow={grow}>
      <>{control}</>
    </InlineField>
  );
  const jobPicker = () =>
    field('Job', 'A job, by name or node id; empty means every job', <CollectorPicker datasource={datasource} id="pipelinepane-query-job" subjects={['jobs']} namespace={namespace} value={query.job} onChange={(job) => set({ job })} />);
  const datasetPicker = (globs = false) =>
    field(
      'Dataset',
      globs ? 'A dataset, or a glob like analytics.* ; empty means every dataset' : 'A dataset, by name or node id; empty means every dataset',
      <CollectorPicker datasource={datasource} id="pipelinepane-query-dataset" subjects={['datasets']} namespace={namespace} value={query.dataset} onChange={(dataset) => set({ dataset })} />,
    );
  const nodePicker = (subjects: VariableSubject[], tooltip: string) =>
    field('Node', tooltip, <CollectorPicker datasource={datasource} id="pipelinepane-query-node" subjects={subjects} namespace={query.namespace || undefined} value={query.node} onChange={(node) => set({ node })} width={48} />);
  const depth = (placeholder: string) =>
    field('Depth', 'How many hops to follow', <Input id="pipelinepane-query-depth" type="text" inputMode="numeric" width={10} placeholder={placeholder} {...text('depth')} />);
  const asOf = () =>
    field('As of', 'Only what existed then: an ISO time, epoch ms, now-7d or a variable like ${__to}; empty means now', <Input id="pipelinepane-query-as-of" width={28} placeholder="now" {...text('asOf')} />);
  const limit = () => field('Limit', 'Most rows to return', <Input id="pipelinepane-query-limit" width={10} placeholder="default" {...text('limit')} />);

  const rows: Record<QueryKind, ReactNode> = {
    runs: (
      <>
        <InlineFieldRow>
          {jobPicker()}
          {field('State', 'Only runs in these states', <MultiPicker id="pipelinepane-query-states" options={RUN_STATES} value={query.states} onChange={(states) => set({ states })} />)}
        </InlineFieldRow>
        <InlineFieldRow>
          {field('Orchestrator', 'Airflow, dbt, Spark, dlt…', <CollectorPicker datasource={datasource} id="pipelinepane-query-orchestrator" subjects={['orchestrators']} namespace={namespace} value={query.orchestrator} onChange={(orchestrator) => set({ orchestrator })} width={24} />)}
          {field('Parent run', 'Only the child runs of this run id', <Input id="pipelinepane-query-parent-run" width={40} placeholder="any" {...text('parentRunId')} />)}
          {limit()}
        </InlineFieldRow>
      </>
    ),
    runStats: (
      <InlineFieldRow>
        {jobPicker()}
        {field('Metric', 'Which series', <RadioButtonGroup options={METRICS} value={query.metric ?? 'countByState'} onChange={(metric) => set({ metric })} />)}
      </InlineFieldRow>
    ),
    freshness: (
      <>
        <InlineFieldRow>
          {datasetPicker(true)}
          {field('Status', 'Only datasets in these states', <MultiPicker id="pipelinepane-query-statuses" options={FRESHNESS_STATUSES} value={query.statuses} onChange={(statuses) => set({ statuses })} />)}
        </InlineFieldRow>
        <InlineFieldRow>
          {field('Owner', 'An owner, or a glob like team:data-*', <CollectorPicker datasource={datasource} id="pipelinepane-query-owner" subjects={['owners']} namespace={namespace} value={query.owner} onChange={(owner) => set({ owner })} width={32} />)}
          {field('Team', 'Only datasets whose SLA names this team', <Input id="pipelinepane-query-team" width={20} placeholder="any" {...text('team')} />)}
          {limit()}
        </InlineFieldRow>
      </>
    ),
    quality: (
      <InlineFieldRow>
        {datasetPicker()}
        {field('Check', 'A check name', <Input id="pipelinepane-query-check" width={24} placeholder="any" {...text('check')} />)}
        {field('Failed only', 'Only failed checks', <InlineSwitch id="pipelinepane-query-failed-only" value={Boolean(query.failedOnly)} onChange={(e) => set({ failedOnly: e.currentTarget.checked })} />)}
      </InlineFieldRow>
    ),
    qualityStats: (
      <InlineFieldRow>
        {datasetPicker()}
        {field('Check', 'A check name', <Input id="pipelinepane-query-check" width={24} placeholder="any" {...text('check')} />)}
        {field('Series per', 'One series per check, or per dataset', <RadioButtonGroup options={[{ value: 'check', label: 'Check' }, { value: 'dataset', label: 'Dataset' }]} value={query.groupBy ?? 'check'} onChange={(groupBy) => set({ groupBy: groupBy as 'check' | 'dataset' })} />)}
      </InlineFieldRow>
    ),
    volume: (
      <InlineFieldRow>
        {datasetPicker()}
        {field('Anomalies only', 'Only runs flagged as volume anomalies', <InlineSwitch id="pipelinepane-query-anomalies-only" value={Boolean(query.anomaliesOnly)} onChange={(e) => set({ anomaliesOnly: e.currentTarget.checked })} />)}
      </InlineFieldRow>
    ),
    lineage: (
      <>
        <InlineFieldRow>{nodePicker(['datasets', 'jobs'], 'The job or dataset at the centre; empty shows the whole namespace')}</InlineFieldRow>
        <InlineFieldRow>
          {field('Direction', 'Which way to follow the edges', <RadioButtonGroup options={DIRECTIONS} value={query.direction ?? 'both'} onChange={(direction) => set({ direction })} />)}
          {depth('5')}
          {asOf()}
        </InlineFieldRow>
      </>
    ),
    columnLineage: (
      <>
        <InlineFieldRow>{nodePicker(['datasets'], 'The dataset whose columns to trace upstream')}</InlineFieldRow>
        <InlineFieldRow>
          {field('Column', 'One column; empty means all', <Input id="pipelinepane-query-column" width={24} placeholder="all" {...text('column')} />)}
          {depth('5')}
          {asOf()}
        </InlineFieldRow>
      </>
    ),
    impact: (
      <InlineFieldRow>
        {nodePicker(['datasets', 'jobs'], 'Everything downstream of this job or dataset')}
        {depth('20')}
      </InlineFieldRow>
    ),
    events: (
      <>
        <InlineFieldRow>
          {jobPicker()}
          {datasetPicker()}
        </InlineFieldRow>
        <InlineFieldRow>
          {field('Level', 'Only these levels', <MultiPicker id="pipelinepane-query-levels" options={LEVELS} value={query.levels} onChange={(levels) => set({ levels })} width={30} />)}
          {field('Search', 'Text in the message', <Input id="pipelinepane-query-search" width={30} placeholder="any text" {...text('search')} />)}
          {limit()}
        </InlineFieldRow>
      </>
    ),
    trace: (
      <InlineFieldRow>
        {field('Run id', 'The run at the root of the trace', <Input id="pipelinepane-query-run-id" width={48} placeholder="run id" {...text('runId')} />)}
        {depth('10')}
      </InlineFieldRow>
    ),
    variables: (
      <InlineFieldRow>
        {field('Values of', 'What the variable lists', <RadioButtonGroup options={SUBJECTS} value={query.subject ?? 'namespaces'} onChange={(subject) => set({ subject })} />)}
        {field('Search', 'Only names containing this', <Input id="pipelinepane-query-search" width={24} placeholder="any" {...text('search')} />)}
      </InlineFieldRow>
    ),
    annotations: (
      <>
        <InlineFieldRow>
          {jobPicker()}
          {datasetPicker()}
        </InlineFieldRow>
        <InlineFieldRow>
          {field('Show', 'Which events become annotations', <MultiPicker id="pipelinepane-query-types" options={ANNOTATION_TYPES} value={query.types} onChange={(types) => set({ types })} placeholder="all" />)}
        </InlineFieldRow>
      </>
    ),
  };

  return (
    <Stack direction="column" gap={0}>
      <InlineFieldRow>
        <InlineField label="Kind" labelWidth={LABEL_WIDTH} tooltip="What the collector should answer">
          <Combobox
            id="pipelinepane-query-kind"
            options={KIND_OPTIONS}
            value={kind}
            width={24}
            onChange={(option: ComboboxOption<QueryKind>) => set({ kind: option.value, ...(option.value === 'variables' && !query.subject ? { subject: 'namespaces' } : {}) })}
          />
        </InlineField>
        {NAMESPACED.has(kind) && (
          <InlineField label="Namespace" labelWidth={LABEL_WIDTH} tooltip="Empty means the data source's default namespace">
            <CollectorPicker
              datasource={datasource}
              id="pipelinepane-query-namespace"
              subjects={['namespaces']}
              value={query.namespace}
              onChange={(value) => set({ namespace: value })}
              placeholder={datasource.defaultNamespace ?? 'all namespaces'}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      {rows[kind]}
    </Stack>
  );
}
