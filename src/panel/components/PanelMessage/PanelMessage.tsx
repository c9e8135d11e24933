import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

export interface PanelMessageProps {
  title: string;
  detail: string;
  width: number;
  height: number;
}

/** The whole panel saying why there is nothing to draw (empty result, missing fields). */
export function PanelMessage({ title, detail, width, height }: PanelMessageProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.wrapper} style={{ width, height }} role="status" data-testid="lineage-message">
      <Icon name="sitemap" size="xl" className={styles.icon} />
      <p className={styles.title}>{title}</p>
      <p className={styles.detail}>{detail}</p>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    color: theme.colors.text.secondary,
    padding: theme.spacing(2),
    overflow: 'auto',
  }),
  icon: css({ color: theme.colors.text.disabled, marginBottom: theme.spacing(1) }),
  title: css({ fontSize: theme.typography.h5.fontSize, color: theme.colors.text.primary, marginBottom: theme.spacing(1) }),
  detail: css({ maxWidth: 560, margin: 0 }),
});
