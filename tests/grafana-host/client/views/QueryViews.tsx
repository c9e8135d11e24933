import { css } from '@emotion/css';
import {
  type AnnotationEvent,
  type AnnotationQuery,
  CoreApp,
  type DataFrame,
  type DataQuery,
  type DataSourceApi,
  type GrafanaTheme2,
  type MetricFindValue,
  type PanelData,
  FieldType,
  dateTimeFormat,
  toDataFrame,
} from '@grafana/data';
import { Alert, Button, LoadingPlaceholder, Tag, useStyles2 } from '@grafana/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { lastValueFrom, toArray } from 'rxjs';

import { errorMessage, host } from '../hostServices';
import { Results } from '../visualisations/Results';

const RESULTS_WIDTH = 1100;

function useDataSource(uid: string) {
  const [datasource, setDatasource] = useState<DataSourceApi>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    host.dataSourceSrv.get(uid).then(setDatasource, (e) => setError(errorMessage(e)));
  }, [uid]);
  return { datasource, error };
}

/**
 * A query row as in Explore or a panel editor: the data source's QueryEditor with `query`,
 * `onChange`, `onRunQuery`, `data`, `range` and `app`, a "Run query" button, and the results
 * below. onChange updates the query at once, so an editor calling onChange then onRunQuery
 * runs the new query, as in Grafana.
 */
export function QueryEditorView({ uid, initialQuery, app, runOnMount }: { uid: string; initialQuery: Partial<DataQuery>; app: CoreApp; runOnMount: boolean }) {
  const styles = useStyles2(getStyles);
  const { datasource, error } = useDataSource(uid);
  const [query, setQuery] = useState<DataQuery>();
  const latest = useRef<DataQuery>();
  const [data, setData] = useState<PanelData>();
  const [running, setRunning] = useState(false);

  const run = useCallback(async () => {
    if (!datasource || !latest.current) return;
    setRunning(true);
    const targets = [latest.current].filter((q) => !datasource.filterQuery || datasource.filterQuery(q));
    const request = host.buildRequest(targets, { app });
    const answer = await host.runRequest(datasource, request);
    host.lastPanelData = answer;
    setData(answer);
    setRunning(false);
  }, [datasource, app]);

  useEffect(() => {
    if (!datasource) return;
    const start = { refId: 'A', ...(datasource.getDefaultQuery?.(app) ?? {}), ...initialQuery, datasource: { uid, type: datasource.type } } as DataQuery;
    latest.current = start;
    host.lastQuery = start;
    setQuery(start);
    if (runOnMount) void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasource]);

  if (error) return <Alert title={error} severity="error" />;
  if (!datasource || !query) return <LoadingPlaceholder text="Loading data source..." />;
  const Editor = datasource.components?.QueryEditor;
  if (!Editor) return <Alert title={`${datasource.name} has no query editor`} severity="error" />;

  const onChange = (next: DataQuery) => {
    latest.current = next;
    host.lastQuery = next;
    setQuery(next);
  };

  return (
    <div data-testid="query-editor-view" data-running={running}>
      <div className={styles.row} data-testid="query-editor-row">
        <div className={styles.rowHeader}>
          <strong>{query.refId}</strong> <span className={styles.dim}>({datasource.name})</span>
          <span className={styles.dim}> · {rangeText()}</span>
        </div>
        <Editor datasource={datasource} query={query} onChange={onChange} onRunQuery={() => void run()} data={data} range={host.timeRange()} app={app} queries={[query]} />
      </div>
      <Button icon={running ? 'spinner' : 'sync'} onClick={() => void run()} data-testid="run-query">
        Run query
      </Button>
      <Results data={data} width={RESULTS_WIDTH} />
    </div>
  );
}

/**
 * The variable editor of a query variable: the data source's `variables.editor` (custom
 * variable support) and a preview of the values, as Grafana gets them (`variables.query()`,
 * else the legacy `metricFindQuery`).
 */
export function VariableEditorView({ uid, initialQuery }: { uid: string; initialQuery: Partial<DataQuery> }) {
  const styles = useStyles2(getStyles);
  const { datasource, error } = useDataSource(uid);
  const [query, setQuery] = useState<DataQuery>({ refId: 'PaneVariableQueryEditor-VariableQuery', ...initialQuery } as DataQuery);
  const latest = useRef(query);
  const [values, setValues] = useState<MetricFindValue[]>();
  const [queryError, setQueryError] = useState<string>();

  const run = useCallback(async () => {
    if (!datasource) return;
    setQueryError(undefined);
    try {
      const variables = datasource.variables as undefined | { getType(): string; query?: (r: unknown) => unknown };
      if (variables && variables.getType() === 'custom' && variables.query) {
        const request = host.buildRequest([latest.current], { app: CoreApp.Dashboard });
        const responses = (await lastValueFrom((variables.query(request) as never as import('rxjs').Observable<{ data: unknown[]; error?: { message?: string } }>).pipe(toArray()))) as Array<{
          data: unknown[];
          error?: { message?: string };
        }>;
        const last = responses.at(-1);
        if (last?.error) throw new Error(last.error.message);
        setValues(toMetricFindValues(last?.data ?? []));
      } else {
        setValues(await host.metricFindQuery(datasource, latest.current));
      }
    } catch (e) {
      setQueryError(errorMessage(e));
    }
  }, [datasource]);

  useEffect(() => {
    if (datasource) void run();
  }, [datasource, run]);

  if (error) return <Alert title={error} severity="error" />;
  if (!datasource) return <LoadingPlaceholder text="Loading data source..." />;
  const variables = datasource.variables as undefined | { editor?: React.ComponentType<Record<string, unknown>> };
  const Editor = variables?.editor ?? datasource.components?.VariableQueryEditor;
  const onChange = (next: DataQuery) => {
    latest.current = next;
    host.lastQuery = next;
    setQuery(next);
  };
  return (
    <div data-testid="variable-editor-view">
      {Editor ? (
        <Editor datasource={datasource} query={query} onChange={onChange} onRunQuery={() => void run()} range={host.timeRange()} app={CoreApp.Dashboard} />
      ) : (
        <Alert title="This data source has no variable editor" severity="warning" />
      )}
      <Button onClick={() => void run()} data-testid="run-variable-query">
        Run query
      </Button>
      {queryError && <Alert severity="error" title={queryError} data-testid="query-error" />}
      <h4 className={styles.preview}>Preview of values</h4>
      <div data-testid="variable-values" className={styles.values}>
        {(values ?? []).map((v, i) => (
          <span key={i} data-testid="variable-value" data-value={String(v.value ?? v.text)}>
            <Tag name={v.text} colorIndex={5} />
          </span>
        ))}
      </div>
    </div>
  );
}

/** Grafana's toMetricFindValues, for the shapes a variable query may answer. */
export function toMetricFindValues(data: unknown[]): MetricFindValue[] {
  if (data.length === 0) return [];
  const first = data[0] as Record<string, unknown>;
  if (typeof first === 'object' && 'text' in first && !('fields' in first)) return data as MetricFindValue[];
  const frames = data.map((d) => toDataFrame(d));
  return frames.flatMap((frame: DataFrame) => {
    const text = frame.fields.find((f) => f.name === 'text') ?? frame.fields.find((f) => f.type === FieldType.string);
    const value = frame.fields.find((f) => f.name === 'value') ?? text;
    return Array.from({ length: frame.length }, (_, i) => ({ text: String(text?.values[i] ?? ''), value: value?.values[i] as string }));
  });
}

/**
 * An annotation query as a dashboard runs it (features/annotations/executeAnnotationQuery):
 * the data source's annotations support prepares the saved annotation into a query, the
 * query runs through query(), and processEvents (or Grafana's standard field mapping, which
 * this host does not copy) turns frames into events, listed here with time, title, text and tags.
 */
export function AnnotationsView({ uid, annotation }: { uid: string; annotation: Partial<AnnotationQuery> }) {
  const styles = useStyles2(getStyles);
  const { datasource, error } = useDataSource(uid);
  const [events, setEvents] = useState<AnnotationEvent[]>();
  const [queryError, setQueryError] = useState<string>();

  useEffect(() => {
    if (!datasource) return;
    (async () => {
      const support = datasource.annotations;
      if (!support) throw new Error(`${datasource.name} does not support annotations`);
      const saved = { enable: true, name: 'Annotations', iconColor: 'red', ...annotation, datasource: { uid, type: datasource.type } } as AnnotationQuery;
      const prepared = support.prepareAnnotation ? support.prepareAnnotation(saved) : saved;
      const query = support.prepareQuery ? support.prepareQuery(prepared) : (prepared.target as DataQuery);
      if (!query) throw new Error('the annotation prepared no query');
      const data = await host.runRequest(datasource, host.buildRequest([{ ...query, refId: 'Anno' }], { app: CoreApp.Dashboard }));
      if (data.errors?.length) throw new Error(data.errors[0].message);
      if (!support.processEvents) throw new Error('the data source has no processEvents; the host does not copy Grafana’s standard mapping');
      const processed = await lastValueFrom(support.processEvents(prepared, data.series));
      setEvents(processed ?? []);
    })().catch((e) => setQueryError(errorMessage(e)));
  }, [datasource, uid, annotation]);

  if (error) return <Alert title={error} severity="error" />;
  if (queryError) return <Alert title={queryError} severity="error" data-testid="query-error" />;
  if (!events) return <LoadingPlaceholder text="Loading annotations..." />;
  return (
    <div data-testid="annotations-view">
      <div className={styles.dim}>{events.length} annotations</div>
      {events.map((event, i) => (
        <div key={i} className={styles.annotation} data-testid="annotation-event">
          <div>
            <span className={styles.dim}>{dateTimeFormat(event.time ?? 0, { format: 'YYYY-MM-DD HH:mm:ss' })}</span> <strong data-testid="annotation-title">{event.title}</strong>
          </div>
          <div data-testid="annotation-text">{event.text}</div>
          <div>
            {(event.tags ?? []).map((tag) => (
              <Tag key={tag} name={tag} />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

function rangeText(): string {
  const raw = host.timeRange().raw;
  const show = (v: unknown) => (typeof v === 'string' ? v : dateTimeFormat(v as number, { format: 'YYYY-MM-DD HH:mm' }));
  return `${show(raw.from)} to ${show(raw.to)}`;
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({ border: `1px solid ${theme.colors.border.weak}`, borderRadius: theme.shape.radius.default, padding: theme.spacing(1), marginBottom: theme.spacing(1), background: theme.colors.background.primary }),
  rowHeader: css({ marginBottom: theme.spacing(1) }),
  dim: css({ color: theme.colors.text.secondary }),
  preview: css({ marginTop: theme.spacing(2) }),
  values: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) }),
  annotation: css({ borderLeft: `3px solid ${theme.colors.error.main}`, padding: theme.spacing(0.5, 1), marginTop: theme.spacing(1) }),
});
