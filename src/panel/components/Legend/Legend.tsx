import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { borrowedNote, type ColorBy, colorByNames, type HealthStatus, legendEntries } from '../../model/health';

export interface LegendProps {
  colorBy: ColorBy;
  colors: Record<HealthStatus, string>;
  /** how many drawn nodes have each status */
  counts?: Partial<Record<HealthStatus, number>>;
  grouped: boolean;
}

/** What the colours and shapes mean. */
export function Legend({ colorBy, colors, counts, grouped }: LegendProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.legend} data-testid="lineage-legend" aria-label="Legend">
      <div className={styles.row}>
        <span className={styles.heading}>{colorByNames[colorBy]}</span>
        {legendEntries(colorBy).map(({ status, label }) => (
          <span key={status} className={styles.item} title={borrowedNote[colorBy]}>
            <span className={styles.swatch} style={{ background: colors[status] }} />
            {label}
            {counts?.[status] !== undefined && <span className={styles.count}>{counts[status]}</span>}
          </span>
        ))}
      </div>
      <div className={styles.row}>
        <span className={styles.item}>
          <span className={`${styles.shape} ${styles.job}`} />
          Job
        </span>
        <span className={styles.item}>
          <span className={`${styles.shape} ${styles.dataset}`} />
          Dataset
        </span>
        {grouped && (
          <span className={styles.item}>
            <span className={`${styles.shape} ${styles.group}`} />
            Namespace (collapsed)
          </span>
        )}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.5, 1),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    opacity: 0.95,
  }),
  row: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(1.5) }),
  heading: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  item: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  swatch: css({ width: 10, height: 10, borderRadius: '50%', display: 'inline-block' }),
  count: css({ color: theme.colors.text.disabled }),
  shape: css({ display: 'inline-block', width: 22, height: 10, border: `1px solid ${theme.colors.border.strong}` }),
  job: css({ borderRadius: 5, background: theme.colors.background.secondary }),
  dataset: css({ borderRadius: 2, background: theme.colors.background.primary }),
  group: css({ borderRadius: 3, boxShadow: `3px 3px 0 ${theme.colors.border.medium}`, background: theme.colors.background.canvas }),
});
