import { css } from '@emotion/css';
import { type DataFrame, type GrafanaTheme2, type PanelData, applyFieldOverrides } from '@grafana/data';
import { Alert, Table, TimeSeries, useStyles2, useTheme2 } from '@grafana/ui';
import { LegendDisplayMode } from '@grafana/schema';
import { useMemo } from 'react';

import { host } from '../hostServices';
import { LogsStandIn } from './LogsStandIn';
import { NodeGraphStandIn } from './NodeGraphStandIn';
import { TraceStandIn } from './TraceStandIn';
import { viewOf } from './frames';

/**
 * What Explore shows for a query response: errors, then one view per kind of frame, picked
 * from meta.preferredVisualisationType. Tables and graphs are @grafana/ui's own Table and
 * TimeSeries (faithful); node graph, logs and trace are minimal stand-ins (see their files).
 * Frames go through applyFieldOverrides first, so display names, units, value mappings and
 * data links (internal links become Explore URLs) are Grafana's own processing.
 */
export function Results({ data, width }: { data?: PanelData; width: number }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const frames = useMemo(
    () =>
      data
        ? applyFieldOverrides({
            data: data.series,
            fieldConfig: { defaults: {}, overrides: [] },
            replaceVariables: (value, scopedVars, format) => host.templateSrv.replace(value, scopedVars, format),
            theme,
            timeZone: 'browser',
          })
        : [],
    [data, theme],
  );
  if (!data) return null;

  const groups: Record<string, DataFrame[]> = {};
  for (const frame of frames) (groups[viewOf(frame)] ??= []).push(frame);
  const notices = frames.flatMap((frame) => frame.meta?.notices ?? []);

  return (
    <div data-testid="query-results" data-state={data.state} className={styles.results}>
      {(data.errors ?? []).map((error, i) => (
        <Alert key={i} severity="error" title={error.message ?? 'Query error'} data-testid="query-error">
          {error.refId ? `Query ${error.refId}` : null}
        </Alert>
      ))}
      {notices.map((notice, i) => (
        <div key={i} className={styles.notice} data-testid="frame-notice" data-severity={notice.severity}>
          {notice.text}
        </div>
      ))}
      {frames.length === 0 && !data.errors?.length && <div data-testid="no-data">No data</div>}
      {groups.graph && (
        <section aria-label="Graph" data-testid="view-graph">
          <h4>Graph</h4>
          <TimeSeries
            frames={groups.graph}
            width={width}
            height={280}
            timeRange={data.timeRange}
            timeZone="browser"
            legend={{ displayMode: LegendDisplayMode.List, placement: 'bottom', showLegend: true, calcs: [] }}
          />
        </section>
      )}
      {groups.table?.map((frame, i) => (
        <section key={`table-${i}`} aria-label="Table" data-testid="view-table" data-frame-name={frame.name}>
          <h4>Table{frame.name ? ` — ${frame.name}` : ''}</h4>
          <Table data={frame} width={width} height={Math.min(420, 36 + 36 * Math.max(1, frame.length))} />
        </section>
      ))}
      {groups.nodeGraph && (
        <section aria-label="Node graph" data-testid="view-nodeGraph">
          <h4>Node graph</h4>
          <NodeGraphStandIn frames={groups.nodeGraph} width={width} />
        </section>
      )}
      {groups.logs && (
        <section aria-label="Logs" data-testid="view-logs">
          <h4>Logs</h4>
          <LogsStandIn frames={groups.logs} />
        </section>
      )}
      {groups.trace?.map((frame, i) => (
        <section key={`trace-${i}`} aria-label="Trace" data-testid="view-trace">
          <h4>Trace</h4>
          <TraceStandIn frame={frame} />
        </section>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  results: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), marginTop: theme.spacing(2), h4: { marginBottom: theme.spacing(1) } }),
  notice: css({ color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
});
