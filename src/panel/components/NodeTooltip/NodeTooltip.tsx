import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { DetailRow } from '../../model/describe';

export interface NodeTooltipProps {
  title: string;
  kind: string;
  namespace?: string;
  rows: DetailRow[];
  /** pointer position inside the panel */
  x: number;
  y: number;
  /** panel size, to keep the card inside it */
  width: number;
  height: number;
}

const CARD_WIDTH = 320;

/** The hover card: plain React text only, so names and values can never become markup. */
export function NodeTooltip({ title, kind, namespace, rows, x, y, width, height }: NodeTooltipProps) {
  const styles = useStyles2(getStyles);
  const left = x + 16 + CARD_WIDTH > width ? Math.max(4, x - 16 - CARD_WIDTH) : x + 16;
  const top = Math.min(Math.max(4, y + 12), Math.max(4, height - 40 - rows.length * 20));
  return (
    <div className={styles.card} style={{ left, top, width: CARD_WIDTH }} role="tooltip" data-testid="lineage-tooltip">
      <div className={styles.title}>{title}</div>
      <div className={styles.meta}>
        {kind}
        {namespace ? ` \u00b7 ${namespace}` : ''}
      </div>
      {rows.length > 0 && (
        <dl className={styles.rows}>
          {rows.map((row) => (
            <div key={row.label} className={styles.row}>
              <dt className={styles.label}>{row.label}</dt>
              <dd className={cx(styles.value, row.bad && styles.bad)}>{row.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    position: 'absolute',
    zIndex: 2,
    pointerEvents: 'none',
    padding: theme.spacing(1, 1.5),
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z3,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, fontSize: theme.typography.body.fontSize, wordBreak: 'break-all' }),
  meta: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(0.5), wordBreak: 'break-all' }),
  rows: css({ margin: 0 }),
  row: css({ display: 'flex', gap: theme.spacing(1), lineHeight: 1.6 }),
  label: css({ flex: '0 0 104px', color: theme.colors.text.secondary, fontWeight: 'normal' }),
  value: css({ margin: 0, flex: 1, minWidth: 0, overflowWrap: 'anywhere' }),
  bad: css({ color: theme.colors.error.text }),
});
