import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2, locationUtil, PanelProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { type ReactElement, useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { columnsOfDataset, datasetColumnLinks } from '../../model/columnLineage';
import { describeNode, kindLabel } from '../../model/describe';
import { type LineageGraph, readLineageFrames } from '../../model/graphModel';
import { buildView, chooseCollapsed, groupKey, namespaceLabel, namespacesOf } from '../../model/grouping';
import { type HealthStatus, healthColors, nodeStatuses, statusColor, statusLabel } from '../../model/health';
import { labelReader } from '../../model/labels';
import { nodeLinks } from '../../model/links';
import { searchNodes } from '../../model/search';
import { highlight, impactOf } from '../../model/traversal';
import { paletteFromTheme } from '../../render/draw';
import { buildAppearance, buildGeometry, viewRelations } from '../../render/scene';
import { LineageOptions, withDefaults } from '../../types';
import { FocusCard } from '../FocusCard/FocusCard';
import { GraphCanvas, type GraphCanvasHandle } from '../GraphCanvas/GraphCanvas';
import { Legend } from '../Legend/Legend';
import { NodeTooltip } from '../NodeTooltip/NodeTooltip';
import { PanelMessage } from '../PanelMessage/PanelMessage';
import { Toolbar, TOOLBAR_HEIGHT } from '../Toolbar/Toolbar';

/**
 * The lineage panel: reads the frames, then either says what is missing or draws the graph.
 * Names and every other value from the frames reach the page as React text or canvas
 * fillText, never as HTML.
 */
export function LineagePanel(props: PanelProps<LineageOptions>) {
  const { data, width, height } = props;
  const read = useMemo(() => readLineageFrames(data.series), [data.series]);
  if (read.problem) {
    return <PanelMessage title={read.problem.title} detail={read.problem.detail} width={width} height={height} />;
  }
  return <LineageGraphView {...props} graph={read.graph} />;
}

const plural = (count: number, noun: string) => `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;

interface HoverState {
  index: number;
  x: number;
  y: number;
  /** when the pointer arrived: ages in the hover card are measured from then */
  at: number;
}

function LineageGraphView({ graph, options: rawOptions, width, height, timeZone, replaceVariables }: PanelProps<LineageOptions> & { graph: LineageGraph }) {
  const options = withDefaults(rawOptions);
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const canvas = useRef<GraphCanvasHandle>(null);
  const [focusKey, setFocusKey] = useState<string>();
  const [impactMode, setImpactMode] = useState(false);
  const [hover, setHover] = useState<HoverState>();
  const [query, setQuery] = useState('');
  const [overrides, setOverrides] = useState<ReadonlyMap<string, boolean>>(new Map());
  const pendingCentre = useRef<string>();

  // What is focused: one node, or every member of a collapsed namespace.
  const focusedNode = focusKey !== undefined ? graph.byId.get(focusKey) : undefined;
  const focusedNamespace = focusKey?.startsWith('namespace:') && focusedNode === undefined ? focusKey.slice('namespace:'.length) : undefined;

  const namespaces = useMemo(() => namespacesOf(graph), [graph]);
  const keepOpen = focusedNode !== undefined ? graph.nodes[focusedNode].namespace : undefined;
  const choice = useMemo(
    () => chooseCollapsed(namespaces, { maxNodes: options.maxNodes, groupByNamespace: options.groupByNamespace, overrides, keepOpen }),
    [namespaces, options.maxNodes, options.groupByNamespace, overrides, keepOpen],
  );
  const collapsedKey = [...choice.collapsed].sort().join('\n');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the set is compared by its content
  const view = useMemo(() => buildView(graph, choice.collapsed), [graph, collapsedKey]);
  const geometry = useMemo(() => buildGeometry(graph, view, options.direction, options.layoutEngine), [graph, view, options.direction, options.layoutEngine]);

  const statuses = useMemo(() => nodeStatuses(graph, options.colorBy), [graph, options.colorBy]);
  const colors = useMemo(() => healthColors(theme), [theme]);
  const palette = useMemo(() => paletteFromTheme(theme), [theme]);
  const appearance = useMemo(
    () =>
      buildAppearance(
        graph,
        view,
        statuses,
        (status, node) => statusColor(theme, colors, status, node),
        labelReader(graph, options.labelField, true),
        labelReader(graph, options.secondaryLabelField, false),
      ),
    [graph, view, statuses, theme, colors, options.labelField, options.secondaryLabelField],
  );

  const starts = useMemo(() => {
    if (focusedNode !== undefined) {
      return [focusedNode];
    }
    if (focusedNamespace !== undefined && choice.collapsed.has(focusedNamespace)) {
      return graph.nodes.filter((node) => node.namespace === focusedNamespace).map((node) => node.index);
    }
    return undefined;
  }, [graph, focusedNode, focusedNamespace, choice.collapsed]);
  const lit = useMemo(() => (starts ? highlight(graph, starts, impactMode) : undefined), [graph, starts, impactMode]);
  const relations = useMemo(() => viewRelations(view, lit, impactMode), [view, lit, impactMode]);
  const impact = useMemo(() => (starts && impactMode ? impactOf(graph, starts) : undefined), [graph, starts, impactMode]);

  const hits = useMemo(() => searchNodes(graph.nodes, query, 500), [graph, query]);
  const searchMask = useMemo(() => {
    if (hits.length === 0) {
      return undefined;
    }
    const mask = new Uint8Array(view.nodes.length);
    hits.forEach((hit) => (mask[view.viewOfNode[hit.index]] = 1));
    return mask;
  }, [hits, view]);

  const focusedDatasetId = focusedNode !== undefined && graph.nodes[focusedNode].kind === 'dataset' ? graph.nodes[focusedNode].id : undefined;
  const columnLinks = useMemo(() => {
    if (options.columnLineage === 'off' || graph.columnEdges.length === 0) {
      return undefined;
    }
    if (options.columnLineage === 'focused' && focusedDatasetId === undefined) {
      return undefined;
    }
    const links = datasetColumnLinks(graph.columnEdges, options.columnLineage === 'focused' ? focusedDatasetId : undefined);
    const out: Array<{ source: number; target: number; label: string }> = [];
    for (const link of links) {
      const s = graph.byId.get(link.source);
      const t = graph.byId.get(link.target);
      if (s === undefined || t === undefined) {
        continue;
      }
      const label = link.columns.length > 2 ? `${link.columns.slice(0, 2).join(', ')} +${link.columns.length - 2}` : link.columns.join(', ');
      out.push({ source: view.viewOfNode[s], target: view.viewOfNode[t], label });
    }
    return out;
  }, [graph, view, options.columnLineage, focusedDatasetId]);

  const hoverIndex = hover && hover.index < view.nodes.length ? hover.index : -1;
  const drawState = useMemo(() => ({ hover: hoverIndex, relations, search: searchMask, columnLinks }), [hoverIndex, relations, searchMask, columnLinks]);

  // Centre a node picked in the search once it is drawn (its namespace may just have opened).
  useEffect(() => {
    const id = pendingCentre.current;
    if (id === undefined) {
      return;
    }
    const full = graph.byId.get(id);
    if (full !== undefined) {
      pendingCentre.current = undefined;
      canvas.current?.centreOn(view.viewOfNode[full]);
    }
  }, [graph, view, geometry]);

  const setVariable = useCallback(
    (id: string) => {
      if (options.focusVariable) {
        locationService.partial({ [`var-${options.focusVariable}`]: id }, true);
      }
    },
    [options.focusVariable],
  );

  const focusId = useCallback(
    (id: string, centre: boolean) => {
      const full = graph.byId.get(id);
      if (full === undefined) {
        return;
      }
      const namespace = graph.nodes[full].namespace;
      if (choice.collapsed.has(namespace)) {
        setOverrides((current) => new Map(current).set(namespace, false));
      }
      setFocusKey(id);
      setVariable(id);
      if (centre) {
        pendingCentre.current = id;
        const v = view.viewOfNode[full];
        if (!view.nodes[v].group) {
          canvas.current?.centreOn(v);
          pendingCentre.current = undefined;
        }
      }
    },
    [graph, choice.collapsed, view, setVariable],
  );

  const onSelect = useCallback(
    (index: number) => {
      if (index < 0) {
        setFocusKey(undefined);
        setImpactMode(false);
        return;
      }
      const node = view.nodes[index];
      setFocusKey(node.key);
      if (!node.group) {
        setVariable(node.key);
      }
    },
    [view, setVariable],
  );

  const expand = useCallback((namespace: string) => setOverrides((current) => new Map(current).set(namespace, false)), []);
  const onOpen = useCallback(
    (index: number) => {
      const node = view.nodes[index];
      if (node.group) {
        expand(node.namespace);
        setFocusKey(undefined);
      }
    },
    [view, expand],
  );

  const timeRangeParam = useMemo(() => {
    const value = replaceVariables?.('${__url_time_range}');
    return value && !value.includes('$') && !value.includes('{') ? value : undefined;
  }, [replaceVariables]);

  const formatTime = useCallback((ms: number) => dateTimeFormat(ms, { timeZone }), [timeZone]);
  const canvasHeight = Math.max(40, height - TOOLBAR_HEIGHT);

  // Hover card.
  let tooltip: ReactElement | null = null;
  if (hover && hoverIndex >= 0) {
    const viewNode = view.nodes[hoverIndex];
    if (viewNode.group) {
      tooltip = (
        <NodeTooltip
          title={namespaceLabel(viewNode.namespace)}
          kind="Namespace (collapsed)"
          rows={[
            { label: 'Holds', value: `${plural(viewNode.jobs, 'job')}, ${plural(viewNode.datasets, 'dataset')}` },
            { label: 'Health', value: statusLabel(options.colorBy, appearance.status[hoverIndex]), bad: appearance.status[hoverIndex] === 'failing' },
            { label: 'Open', value: 'double-click to expand' },
          ]}
          x={hover.x}
          y={hover.y}
          width={width}
          height={canvasHeight}
        />
      );
    } else {
      const node = graph.nodes[viewNode.members[0]];
      const hoverTime = hover.at;
      tooltip = (
        <NodeTooltip
          title={node.title}
          kind={kindLabel(node.kind)}
          namespace={node.namespace}
          rows={describeNode(node, { now: hoverTime, colorBy: options.colorBy, status: statuses[node.index], formatTime })}
          x={hover.x}
          y={hover.y}
          width={width}
          height={canvasHeight}
        />
      );
    }
  }

  // Focus card.
  let focusCard: ReactElement | null = null;
  if (lit && starts) {
    const node = focusedNode !== undefined ? graph.nodes[focusedNode] : undefined;
    const namespace = node?.namespace ?? focusedNamespace ?? '';
    focusCard = (
      <FocusCard
        title={node ? appearance.titles[view.viewOfNode[node.index]] ?? node.title : namespaceLabel(namespace)}
        subtitle={node ? `${kindLabel(node.kind)}${namespace ? ` \u00b7 ${namespace}` : ''}` : `Namespace \u00b7 ${plural(starts.length, 'node')}`}
        id={node?.id}
        upstream={lit.upstreamCount}
        downstream={lit.downstreamCount}
        impactMode={impactMode}
        impact={impact}
        links={(node ? nodeLinks(node, timeRangeParam) : []).map((link) => ({ ...link, url: locationUtil.assureBaseUrl(link.url) }))}
        columns={node?.kind === 'dataset' && options.columnLineage !== 'off' ? columnsOfDataset(graph.columnEdges, node.id) : undefined}
        onExpand={node ? undefined : () => expand(namespace)}
        onToggleImpact={() => setImpactMode((on) => !on)}
        onClose={() => {
          setFocusKey(undefined);
          setImpactMode(false);
        }}
        onFocusId={(id) => focusId(id, true)}
        nameOf={(id) => {
          const index = graph.byId.get(id);
          return index !== undefined ? graph.nodes[index].title : id.replace(/^dataset:[^:]*:/, '');
        }}
      />
    );
  }

  const statusCounts = useMemo(() => {
    const counts: Partial<Record<HealthStatus, number>> = {};
    statuses.forEach((status) => (counts[status] = (counts[status] ?? 0) + 1));
    return counts;
  }, [statuses]);

  const notes = [...graph.warnings];
  if (choice.auto.length > 0) {
    notes.push(
      `${plural(choice.auto.length, 'namespace')} collapsed to stay under ${options.maxNodes.toLocaleString('en-US')} nodes (the "Maximum nodes" option); double-click a group to expand it.`,
    );
  }
  const summary = `${plural(graph.nodes.length, 'node')} \u00b7 ${plural(graph.edges.length, 'edge')}${view.nodes.length !== graph.nodes.length ? ` \u00b7 ${view.nodes.length.toLocaleString('en-US')} shown` : ''}`;

  return (
    <div className={styles.wrapper} style={{ width, height }} data-testid="lineage-panel" onPointerLeave={() => setHover(undefined)}>
      <Toolbar
        query={query}
        onQuery={setQuery}
        results={hits.slice(0, 20).map((hit) => ({
          index: hit.index,
          title: graph.nodes[hit.index].title,
          subtitle: `${kindLabel(graph.nodes[hit.index].kind)}${graph.nodes[hit.index].namespace ? ` \u00b7 ${graph.nodes[hit.index].namespace}` : ''}`,
          at: hit.at,
          length: hit.length,
        }))}
        onPick={(index) => focusId(graph.nodes[index].id, true)}
        onZoomIn={() => canvas.current?.zoomBy(1.4)}
        onZoomOut={() => canvas.current?.zoomBy(1 / 1.4)}
        onFit={() => canvas.current?.fit()}
        namespaces={namespaces.map((info) => ({ namespace: info.namespace, label: namespaceLabel(info.namespace), size: info.size, collapsed: choice.collapsed.has(info.namespace) }))}
        onToggleNamespace={(namespace, collapsed) => setOverrides((current) => new Map(current).set(namespace, collapsed))}
        onCollapseAll={() => setOverrides(new Map(namespaces.map((info) => [info.namespace, true])))}
        onExpandAll={() => setOverrides(new Map(namespaces.map((info) => [info.namespace, false])))}
        summary={summary}
        notes={notes}
      />
      <div className={styles.stage} style={{ height: canvasHeight }}>
        <GraphCanvas
          ref={canvas}
          geometry={geometry}
          appearance={appearance}
          state={drawState}
          palette={palette}
          width={width}
          height={canvasHeight}
          onSelect={onSelect}
          onOpen={onOpen}
          onHover={(index, at) => setHover((current) => (index >= 0 ? { index, x: at.x, y: at.y, at: current?.index === index ? current.at : Date.now() } : undefined))}
          aria-label={`Lineage graph: ${summary}. Search a node to focus it.`}
        />
        {options.showLegend && height >= 220 && (
          <div className={styles.legend}>
            <Legend colorBy={options.colorBy} colors={colors} counts={statusCounts} grouped={choice.collapsed.size > 0} />
          </div>
        )}
        {focusCard && <div className={styles.focus}>{focusCard}</div>}
        {tooltip}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative', display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  stage: css({ position: 'relative', flex: 'none' }),
  legend: css({ position: 'absolute', left: theme.spacing(1), bottom: theme.spacing(1), maxWidth: 'calc(100% - 16px)' }),
  focus: css({
    position: 'absolute',
    right: theme.spacing(1),
    top: theme.spacing(1),
    bottom: theme.spacing(1),
    display: 'flex',
    alignItems: 'flex-start',
    pointerEvents: 'none',
    '& > *': { pointerEvents: 'auto' },
  }),
});
