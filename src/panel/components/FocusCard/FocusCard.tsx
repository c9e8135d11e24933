import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, IconButton, useStyles2 } from '@grafana/ui';

import type { ColumnReaders, ColumnSources } from '../../model/columnLineage';
import type { NodeLink } from '../../model/links';
import type { Impact } from '../../model/traversal';

export interface FocusCardProps {
  title: string;
  /** "Dataset · namespace" */
  subtitle: string;
  id?: string;
  upstream: number;
  downstream: number;
  impactMode: boolean;
  impact?: Impact;
  links: NodeLink[];
  columns?: { inputs: ColumnSources[]; outputs: ColumnReaders[] };
  /** a collapsed namespace: offer to expand it */
  onExpand?: () => void;
  onToggleImpact(): void;
  onClose(): void;
  /** focus another node by id (column lineage sources) */
  onFocusId(id: string): void;
  nameOf(id: string): string;
}

const plural = (count: number, noun: string) => `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
const MAX_OWNERS = 12;
const MAX_COLUMNS = 30;

/** The focused node: its place in the lineage, impact counts, links and columns. */
export function FocusCard(props: FocusCardProps) {
  const { title, subtitle, id, upstream, downstream, impactMode, impact, links, columns } = props;
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.card} aria-label="Focused node" data-testid="lineage-focus">
      <header className={styles.header}>
        <div className={styles.heading}>
          <div className={styles.title}>{title}</div>
          <div className={styles.subtitle}>{subtitle}</div>
        </div>
        <IconButton name="times" tooltip="Clear focus (Esc)" onClick={props.onClose} />
      </header>
      {id && <code className={styles.id}>{id}</code>}
      <p className={styles.counts} data-testid="lineage-focus-counts">
        {impactMode ? `${plural(downstream, 'node')} downstream` : `${plural(upstream, 'node')} upstream \u00b7 ${plural(downstream, 'node')} downstream`}
      </p>
      <div className={styles.actions}>
        <Button size="sm" variant={impactMode ? 'primary' : 'secondary'} icon="bolt" onClick={props.onToggleImpact} aria-pressed={impactMode}>
          {impactMode ? 'Impact on' : 'Impact'}
        </Button>
        {props.onExpand && (
          <Button size="sm" variant="secondary" icon="folder-open" onClick={props.onExpand}>
            Expand namespace
          </Button>
        )}
        {links.map((link) => (
          <a key={link.url} className={styles.link} href={link.url}>
            {link.title}
          </a>
        ))}
      </div>
      {impactMode && impact && (
        <div className={styles.impact} data-testid="lineage-impact">
          <p className={styles.impactLine}>
            <strong>{plural(impact.affectedDatasets, 'dataset')}</strong> and {plural(impact.affectedJobs, 'job')} affected downstream
            {impact.staleDatasets > 0 ? `, ${impact.staleDatasets} already stale` : ''}
            {impact.failingJobs > 0 ? `, ${impact.failingJobs} job${impact.failingJobs === 1 ? '' : 's'} failing` : ''}.
          </p>
          <p className={styles.impactLine}>
            <strong>{plural(impact.owners.length, 'owner')}</strong> to tell
            {impact.owners.length > 0 ? ': ' : '.'}
            {impact.owners.slice(0, MAX_OWNERS).join(', ')}
            {impact.owners.length > MAX_OWNERS ? ` and ${impact.owners.length - MAX_OWNERS} more` : ''}
          </p>
        </div>
      )}
      {columns && (columns.inputs.length > 0 || columns.outputs.length > 0) && (
        <div className={styles.columns} data-testid="lineage-columns">
          <div className={styles.sectionTitle}>Column lineage</div>
          <ul className={styles.columnList}>
            {columns.inputs.slice(0, MAX_COLUMNS).map((entry) => (
              <li key={`in-${entry.column}`}>
                <span className={styles.column}>{entry.column}</span>
                {' \u2190 '}
                {entry.from.map((source, index) => (
                  <span key={`${source.dataset}#${source.column}`}>
                    {index > 0 && ', '}
                    <button type="button" className={styles.columnLink} onClick={() => props.onFocusId(source.dataset)}>
                      {props.nameOf(source.dataset)}.{source.column}
                    </button>
                    {source.transformation ? ` (${source.transformation})` : ''}
                  </span>
                ))}
              </li>
            ))}
            {columns.outputs.slice(0, MAX_COLUMNS).map((entry) => (
              <li key={`out-${entry.column}`}>
                <span className={styles.column}>{entry.column}</span>
                {' \u2192 '}
                {entry.to.map((target, index) => (
                  <span key={`${target.dataset}#${target.column}`}>
                    {index > 0 && ', '}
                    <button type="button" className={styles.columnLink} onClick={() => props.onFocusId(target.dataset)}>
                      {props.nameOf(target.dataset)}.{target.column}
                    </button>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    width: 320,
    maxHeight: '100%',
    overflow: 'auto',
    padding: theme.spacing(1, 1.5),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z2,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  header: css({ display: 'flex', alignItems: 'flex-start', gap: theme.spacing(1) }),
  heading: css({ flex: 1, minWidth: 0 }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, fontSize: theme.typography.body.fontSize, overflowWrap: 'anywhere' }),
  subtitle: css({ color: theme.colors.text.secondary, overflowWrap: 'anywhere' }),
  id: css({
    display: 'block',
    margin: theme.spacing(0.5, 0),
    fontSize: theme.typography.bodySmall.fontSize,
    overflowWrap: 'anywhere',
    whiteSpace: 'normal',
    wordBreak: 'break-all',
    background: 'none',
    border: 'none',
    padding: 0,
    color: theme.colors.text.secondary,
  }),
  counts: css({ margin: theme.spacing(0.5, 0) }),
  actions: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(1), margin: theme.spacing(0.5, 0) }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  impact: css({ borderTop: `1px solid ${theme.colors.border.weak}`, paddingTop: theme.spacing(0.5), marginTop: theme.spacing(0.5) }),
  impactLine: css({ margin: theme.spacing(0.5, 0), overflowWrap: 'anywhere' }),
  columns: css({ borderTop: `1px solid ${theme.colors.border.weak}`, paddingTop: theme.spacing(0.5), marginTop: theme.spacing(0.5) }),
  sectionTitle: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(0.5) }),
  columnList: css({ listStyle: 'none', margin: 0, padding: 0, fontFamily: theme.typography.fontFamilyMonospace, overflowWrap: 'anywhere', li: { marginBottom: 2 } }),
  column: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  columnLink: css({ background: 'none', border: 'none', padding: 0, color: theme.colors.text.link, cursor: 'pointer', font: 'inherit', '&:hover': { textDecoration: 'underline' } }),
});
