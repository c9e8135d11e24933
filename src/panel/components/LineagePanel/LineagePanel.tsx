import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { findLineageGraph } from '../../lineageFrames';
import { LineageOptions } from '../../types';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function LineagePanel({ data, options, width, height }: PanelProps<LineageOptions>) {
  const styles = useStyles2(getStyles);
  const graph = findLineageGraph(data.series);

  if (!graph) {
    return (
      <div className={styles.empty} style={{ width, height }} role="status">
        <p className={styles.title}>No lineage data</p>
        <p>Query the Pipeline Pane data source with the kind &quot;Lineage&quot; to see how jobs and datasets connect.</p>
      </div>
    );
  }

  // Names come from emitters we do not control: they are rendered as React text only.
  return (
    <div className={styles.wrapper} style={{ width, height }}>
      <p className={styles.title} data-testid="lineage-counts">
        {plural(graph.nodeNames.length, 'node')}, {plural(graph.edgeCount, 'edge')}
      </p>
      {options.listNodes && (
        <ul className={styles.list} aria-label="Lineage nodes">
          {graph.nodeNames.map((name, index) => (
            <li key={index}>{name}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ overflow: 'auto', padding: theme.spacing(1) }),
  empty: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    color: theme.colors.text.secondary,
    padding: theme.spacing(2),
  }),
  title: css({ fontSize: theme.typography.h5.fontSize, color: theme.colors.text.primary, marginBottom: theme.spacing(1) }),
  list: css({ margin: 0, paddingLeft: theme.spacing(2), fontFamily: theme.typography.fontFamilyMonospace }),
});
