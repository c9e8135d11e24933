import { css } from '@emotion/css';
import { type DataFrame, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';

import { fieldByName } from './frames';

/**
 * A MINIMAL stand-in for Grafana's trace view (TraceView lives in Grafana core). It reads the
 * trace frame fields Grafana's TraceView reads (traceID, spanID, parentSpanID, operationName,
 * serviceName, startTime and duration in ms, statusCode 2 = error, tags, logs) and draws the
 * span tree as indented rows with timing bars, like the trace view's timeline.
 */
interface Span {
  spanID: string;
  parentSpanID: string | null;
  operationName: string;
  serviceName: string;
  startTime: number;
  duration: number;
  statusCode: number;
  statusMessage: string | null;
  depth: number;
}

export function TraceStandIn({ frame }: { frame: DataFrame }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const column = (name: string) => (fieldByName(frame, name)?.values ?? []) as unknown[];
  const [ids, parents, operations, services, starts, durations, statuses, messages] = [
    'spanID',
    'parentSpanID',
    'operationName',
    'serviceName',
    'startTime',
    'duration',
    'statusCode',
    'statusMessage',
  ].map(column);
  const spans: Span[] = ids.map((id, i) => ({
    spanID: String(id),
    parentSpanID: (parents[i] as string | null) ?? null,
    operationName: String(operations[i] ?? ''),
    serviceName: String(services[i] ?? ''),
    startTime: Number(starts[i] ?? 0),
    duration: Number(durations[i] ?? 0),
    statusCode: Number(statuses[i] ?? 0),
    statusMessage: (messages[i] as string | null) ?? null,
    depth: 0,
  }));
  const ordered = treeOrder(spans);
  if (ordered.length === 0) return <div data-testid="trace-empty">No spans</div>;
  const start = Math.min(...ordered.map((s) => s.startTime));
  const end = Math.max(...ordered.map((s) => s.startTime + s.duration));
  const total = Math.max(1, end - start);
  const root = ordered[0];
  const traceId = String(fieldByName(frame, 'traceID')?.values[0] ?? root.spanID);

  return (
    <div data-testid="trace" className={styles.wrapper}>
      <div className={styles.header} data-testid="trace-header">
        <strong>
          {root.serviceName}: {root.operationName}
        </strong>
        <span>
          {ordered.length} spans · {formatMs(total)} · trace {traceId}
        </span>
      </div>
      {ordered.map((span) => (
        <div key={span.spanID} className={styles.row} data-testid="trace-span" data-status={span.statusCode === 2 ? 'error' : 'ok'}>
          <div className={styles.name} style={{ paddingLeft: span.depth * 16 }}>
            <span className={styles.service}>{span.serviceName}</span> {span.operationName}
            {span.statusCode === 2 && <span className={styles.error}> ⚠ {span.statusMessage ?? 'error'}</span>}
          </div>
          <div className={styles.timeline}>
            <div
              className={styles.bar}
              style={{
                left: `${((span.startTime - start) / total) * 100}%`,
                width: `${Math.max(0.5, (span.duration / total) * 100)}%`,
                background: span.statusCode === 2 ? theme.colors.error.main : theme.colors.primary.main,
              }}
            />
            <span className={styles.duration}>{formatMs(span.duration)}</span>
          </div>
        </div>
      ))}
    </div>
  );
}

function treeOrder(spans: Span[]): Span[] {
  const ids = new Set(spans.map((s) => s.spanID));
  const children = new Map<string | null, Span[]>();
  for (const span of spans) {
    const parent = span.parentSpanID && ids.has(span.parentSpanID) ? span.parentSpanID : null;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const out: Span[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const span of (children.get(parent) ?? []).sort((a, b) => a.startTime - b.startTime)) {
      if (out.includes(span)) continue;
      out.push({ ...span, depth });
      visit(span.spanID, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  return `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`;
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ border: `1px solid ${theme.colors.border.weak}`, fontSize: theme.typography.bodySmall.fontSize }),
  header: css({ display: 'flex', justifyContent: 'space-between', padding: theme.spacing(1), background: theme.colors.background.secondary }),
  row: css({ display: 'flex', borderTop: `1px solid ${theme.colors.border.weak}`, alignItems: 'center', minHeight: 24 }),
  name: css({ width: '40%', overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis', padding: theme.spacing(0, 1) }),
  service: css({ color: theme.colors.text.secondary }),
  error: css({ color: theme.colors.error.text }),
  timeline: css({ position: 'relative', flex: 1, height: 16, marginRight: theme.spacing(8) }),
  bar: css({ position: 'absolute', top: 3, height: 10, borderRadius: 2 }),
  duration: css({ position: 'absolute', right: -60, color: theme.colors.text.secondary }),
});
