import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Checkbox, Icon, IconButton, Input, ToolbarButton, useStyles2 } from '@grafana/ui';
import { useState } from 'react';

/** The toolbar's fixed height: the graph gets the rest of the panel. */
export const TOOLBAR_HEIGHT = 44;

export interface SearchResult {
  /** full-graph node index */
  index: number;
  title: string;
  subtitle: string;
  /** match to highlight in the title */
  at: number;
  length: number;
}

export interface NamespaceEntry {
  namespace: string;
  label: string;
  size: number;
  collapsed: boolean;
}

export interface ToolbarProps {
  query: string;
  onQuery(query: string): void;
  results: SearchResult[];
  onPick(index: number): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onFit(): void;
  namespaces: NamespaceEntry[];
  onToggleNamespace(namespace: string, collapsed: boolean): void;
  onCollapseAll(): void;
  onExpandAll(): void;
  /** "120 nodes · 240 edges" */
  summary: string;
  notes: string[];
}

/** Search, zoom, fit, namespaces and notes above the graph. */
export function Toolbar(props: ToolbarProps) {
  const styles = useStyles2(getStyles);
  const [active, setActive] = useState(0);
  const [searchOpen, setSearchOpen] = useState(false);
  const [open, setOpen] = useState<'namespaces' | 'notes' | undefined>();
  const showResults = searchOpen && props.query.trim() !== '';
  const pick = (index: number) => {
    props.onPick(index);
    setSearchOpen(false);
  };

  return (
    <div className={styles.bar} data-testid="lineage-toolbar">
      <div className={styles.search}>
        <Input
          prefix={<Icon name="search" />}
          placeholder="Search nodes"
          aria-label="Search nodes"
          value={props.query}
          width={28}
          onChange={(event) => {
            props.onQuery(event.currentTarget.value);
            setActive(0);
            setSearchOpen(true);
          }}
          onFocus={() => setSearchOpen(true)}
          onBlur={() => setTimeout(() => setSearchOpen(false), 150)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              setActive((i) => Math.min(i + 1, props.results.length - 1));
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              setActive((i) => Math.max(i - 1, 0));
            } else if (event.key === 'Enter' && props.results.length > 0) {
              event.preventDefault();
              pick(props.results[Math.min(active, props.results.length - 1)].index);
            } else if (event.key === 'Escape') {
              props.onQuery('');
              setSearchOpen(false);
            }
          }}
        />
        {showResults && (
          <ul className={styles.results} role="listbox" aria-label="Matching nodes" data-testid="lineage-search-results">
            {props.results.length === 0 && <li className={styles.none}>No node matches</li>}
            {props.results.map((result, i) => (
              <li
                key={result.index}
                role="option"
                aria-selected={i === active}
                className={cx(styles.result, i === active && styles.activeResult)}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(result.index);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className={styles.resultTitle}>
                  {result.at >= 0 ? (
                    <>
                      {result.title.slice(0, result.at)}
                      <mark className={styles.mark}>{result.title.slice(result.at, result.at + result.length)}</mark>
                      {result.title.slice(result.at + result.length)}
                    </>
                  ) : (
                    result.title
                  )}
                </span>
                <span className={styles.resultSubtitle}>{result.subtitle}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <IconButton name="search-plus" tooltip="Zoom in (+)" onClick={props.onZoomIn} />
      <IconButton name="search-minus" tooltip="Zoom out (-)" onClick={props.onZoomOut} />
      <IconButton name="capture" tooltip="Fit the graph (0)" onClick={props.onFit} />
      {props.namespaces.length > 1 && (
        <div className={styles.menuAnchor}>
          <ToolbarButton
            icon="layer-group"
            aria-label="Namespaces"
            onClick={() => setOpen(open === 'namespaces' ? undefined : 'namespaces')}
            aria-expanded={open === 'namespaces'}
          >
            Namespaces
          </ToolbarButton>
          {open === 'namespaces' && (
            <div className={styles.menu} data-testid="lineage-namespaces">
              <div className={styles.menuActions}>
                <button type="button" className={styles.textButton} onClick={props.onCollapseAll}>
                  Collapse all
                </button>
                <button type="button" className={styles.textButton} onClick={props.onExpandAll}>
                  Expand all
                </button>
              </div>
              <ul className={styles.namespaceList}>
                {props.namespaces.map((entry) => (
                  <li key={entry.namespace}>
                    <Checkbox
                      value={!entry.collapsed}
                      onChange={() => props.onToggleNamespace(entry.namespace, !entry.collapsed)}
                      label={`${entry.label} (${entry.size})`}
                    />
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      <span className={styles.summary} data-testid="lineage-summary">
        {props.summary}
      </span>
      {props.notes.length > 0 && (
        <div className={styles.menuAnchor}>
          <ToolbarButton
            icon="info-circle"
            variant={open === 'notes' ? 'active' : 'default'}
            aria-label={props.notes.length === 1 ? '1 note' : `${props.notes.length} notes`}
            onClick={() => setOpen(open === 'notes' ? undefined : 'notes')}
            aria-expanded={open === 'notes'}
          >
            {props.notes.length === 1 ? '1 note' : `${props.notes.length} notes`}
          </ToolbarButton>
          {open === 'notes' && (
            <ul className={cx(styles.menu, styles.notes)} data-testid="lineage-notes">
              {props.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  bar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), height: TOOLBAR_HEIGHT, flex: 'none', padding: theme.spacing(0, 0.5) }),
  search: css({ position: 'relative' }),
  results: css({
    position: 'absolute',
    top: '100%',
    left: 0,
    zIndex: 3,
    width: 360,
    maxHeight: 320,
    overflow: 'auto',
    margin: 0,
    padding: theme.spacing(0.5, 0),
    listStyle: 'none',
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z3,
  }),
  result: css({ display: 'flex', flexDirection: 'column', padding: theme.spacing(0.5, 1), cursor: 'pointer' }),
  activeResult: css({ background: theme.colors.action.hover }),
  none: css({ padding: theme.spacing(0.5, 1), color: theme.colors.text.secondary }),
  resultTitle: css({ overflowWrap: 'anywhere' }),
  resultSubtitle: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, overflowWrap: 'anywhere' }),
  mark: css({ background: theme.colors.warning.transparent, color: 'inherit', padding: 0 }),
  summary: css({ marginLeft: 'auto', color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, whiteSpace: 'nowrap' }),
  menuAnchor: css({ position: 'relative' }),
  menu: css({
    position: 'absolute',
    top: '100%',
    right: 0,
    zIndex: 3,
    minWidth: 240,
    maxWidth: 420,
    maxHeight: 360,
    overflow: 'auto',
    padding: theme.spacing(1),
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z3,
  }),
  menuActions: css({ display: 'flex', gap: theme.spacing(2), marginBottom: theme.spacing(1) }),
  textButton: css({ background: 'none', border: 'none', padding: 0, color: theme.colors.text.link, cursor: 'pointer' }),
  namespaceList: css({ listStyle: 'none', margin: 0, padding: 0, li: { marginBottom: theme.spacing(0.5) } }),
  notes: css({ listStyle: 'disc', paddingLeft: theme.spacing(3), fontSize: theme.typography.bodySmall.fontSize, li: { marginBottom: theme.spacing(0.5) } }),
});
