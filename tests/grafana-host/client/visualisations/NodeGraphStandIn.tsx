import { css } from '@emotion/css';
import { type DataFrame, type GrafanaTheme2, type LinkModel, type Field } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { useMemo, useState } from 'react';

import { fieldByName, splitNodeGraphFrames, valueAt } from './frames';

/**
 * A MINIMAL stand-in for Grafana's Node graph (which lives in Grafana core, not in @grafana/ui).
 * It reads the frames the way Grafana's NodeGraph does — nodes with id, title, subtitle,
 * mainstat, secondarystat, arc__* (fractions coloured by field config), color, highlighted
 * and detail__* fields; edges with id, source, target, mainstat — and draws them as circles
 * with arcs and arrows, in layers from the sources. Clicking a node shows its details and
 * data links, like Grafana's node context menu. Layout and styling are not Grafana's.
 */
interface NodeView {
  id: string;
  title: string;
  subtitle: string;
  mainstat: string;
  secondarystat: string;
  color?: string;
  highlighted: boolean;
  arcs: Array<{ fraction: number; color: string }>;
  row: number;
  x: number;
  y: number;
}

const RADIUS = 36;

export function NodeGraphStandIn({ frames, width }: { frames: DataFrame[]; width: number }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { nodes: nodesFrame, edges: edgesFrame } = splitNodeGraphFrames(frames);
  const [selected, setSelected] = useState<NodeView | undefined>();

  const { nodes, edges, height } = useMemo(() => layout(nodesFrame, edgesFrame, theme), [nodesFrame, edgesFrame, theme]);
  if (!nodesFrame || nodes.length === 0) {
    return <div data-testid="node-graph-empty">No nodes</div>;
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const graphWidth = Math.max(width, Math.max(...nodes.map((n) => n.x)) + 160);

  return (
    <div data-testid="node-graph" className={styles.wrapper}>
      <div className={styles.summary} data-testid="node-graph-summary">
        {nodes.length} nodes, {edges.length} edges
      </div>
      <div className={styles.scroll}>
        <svg width={graphWidth} height={height} role="img" aria-label="Node graph">
          <defs>
            <marker id="host-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill={theme.colors.text.secondary} />
            </marker>
          </defs>
          {edges.map((edge) => {
            const source = byId.get(edge.source);
            const target = byId.get(edge.target);
            if (!source || !target) return null;
            const dx = target.x - source.x;
            const dy = target.y - source.y;
            const length = Math.max(1, Math.hypot(dx, dy));
            const [x1, y1] = [source.x + (dx / length) * RADIUS, source.y + (dy / length) * RADIUS];
            const [x2, y2] = [target.x - (dx / length) * (RADIUS + 2), target.y - (dy / length) * (RADIUS + 2)];
            return (
              <g key={edge.id} data-testid="node-graph-edge">
                <line x1={x1} y1={y1} x2={x2} y2={y2} stroke={theme.colors.text.secondary} strokeWidth={1.5} markerEnd="url(#host-arrow)" />
                {edge.mainstat && (
                  <text x={(x1 + x2) / 2} y={(y1 + y2) / 2 - 4} fontSize={10} fill={theme.colors.text.secondary} textAnchor="middle">
                    {edge.mainstat}
                  </text>
                )}
              </g>
            );
          })}
          {nodes.map((node) => (
            <g
              key={node.id}
              data-testid="node-graph-node"
              data-node-id={node.id}
              className={styles.node}
              onClick={() => setSelected(node)}
              transform={`translate(${node.x},${node.y})`}
            >
              <circle r={RADIUS} fill={theme.colors.background.primary} stroke={node.highlighted ? theme.colors.primary.main : theme.colors.border.strong} strokeWidth={node.highlighted ? 3 : 1} />
              {arcPaths(node.arcs).map((arc, i) => (
                <path key={i} d={arc.d} stroke={arc.color} strokeWidth={5} fill="none" />
              ))}
              <text y={-4} textAnchor="middle" fontSize={11} fill={theme.colors.text.primary}>
                {truncate(node.mainstat, 14)}
              </text>
              <text y={10} textAnchor="middle" fontSize={9} fill={theme.colors.text.secondary}>
                {truncate(node.secondarystat, 16)}
              </text>
              <text y={RADIUS + 14} textAnchor="middle" fontSize={11} fill={theme.colors.text.primary} data-testid="node-graph-node-title">
                {node.title}
              </text>
              <text y={RADIUS + 27} textAnchor="middle" fontSize={9} fill={theme.colors.text.secondary}>
                {truncate(node.subtitle, 30)}
              </text>
            </g>
          ))}
        </svg>
      </div>
      {selected && nodesFrame && <NodeDetails frame={nodesFrame} node={selected} onClose={() => setSelected(undefined)} />}
    </div>
  );
}

function NodeDetails({ frame, node, onClose }: { frame: DataFrame; node: NodeView; onClose: () => void }) {
  const styles = useStyles2(getStyles);
  const details = frame.fields.filter((f) => f.name.startsWith('detail__'));
  const links: Array<LinkModel<Field>> = frame.fields.flatMap((f) => (f.getLinks ? f.getLinks({ valueRowIndex: node.row }) : []));
  return (
    <div className={styles.details} data-testid="node-graph-details" role="dialog" aria-label={`Details of ${node.title}`}>
      <div className={styles.detailsHeader}>
        <strong>{node.title}</strong>
        <button onClick={onClose} aria-label="Close details">×</button>
      </div>
      <table>
        <tbody>
          {details.map((field) => {
            const value = field.values[node.row];
            const shown = field.display ? field.display(value).text : value;
            return (
              <tr key={field.name}>
                <th>{field.config.displayName ?? field.name.replace('detail__', '')}</th>
                <td>{shown === null || shown === undefined ? '' : String(shown)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {links.map((link, i) => (
        <a key={i} href={link.href} target={link.target} className={styles.link}>
          {link.title}
        </a>
      ))}
    </div>
  );
}

function layout(nodesFrame: DataFrame | undefined, edgesFrame: DataFrame | undefined, theme: GrafanaTheme2) {
  if (!nodesFrame) return { nodes: [] as NodeView[], edges: [] as Array<{ id: string; source: string; target: string; mainstat: string }>, height: 0 };
  const ids = (fieldByName(nodesFrame, 'id')?.values ?? []) as string[];
  const arcFields = nodesFrame.fields.filter((f) => f.name.startsWith('arc__'));
  const edges = edgesFrame
    ? ((fieldByName(edgesFrame, 'source')?.values ?? []) as string[]).map((source, i) => ({
        id: String(valueAt(edgesFrame, 'id', i) ?? `${source}->${valueAt(edgesFrame, 'target', i)}`),
        source,
        target: String(valueAt(edgesFrame, 'target', i)),
        mainstat: String(valueAt(edgesFrame, 'mainstat', i) ?? ''),
      }))
    : [];

  // Layers by longest path from the sources (cycles broken by a visit cap).
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  for (let pass = 0; pass < ids.length; pass++) {
    let changed = false;
    for (const edge of edges) {
      const next = (layer.get(edge.source) ?? 0) + 1;
      if (layer.has(edge.target) && next > (layer.get(edge.target) ?? 0) && next < ids.length) {
        layer.set(edge.target, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const perLayer = new Map<number, number>();
  const nodes: NodeView[] = ids.map((id, row) => {
    const l = layer.get(id) ?? 0;
    const index = perLayer.get(l) ?? 0;
    perLayer.set(l, index + 1);
    return {
      id,
      row,
      title: String(valueAt(nodesFrame, 'title', row) ?? id),
      subtitle: String(valueAt(nodesFrame, 'subtitle', row) ?? ''),
      mainstat: String(valueAt(nodesFrame, 'mainstat', row) ?? ''),
      secondarystat: String(valueAt(nodesFrame, 'secondarystat', row) ?? ''),
      color: valueAt(nodesFrame, 'color', row) as string | undefined,
      highlighted: Boolean(valueAt(nodesFrame, 'highlighted', row)),
      arcs: arcFields.map((f) => ({
        fraction: Number(f.values[row] ?? 0),
        color: theme.visualization.getColorByName(f.config.color?.fixedColor ?? 'gray'),
      })),
      x: 90 + l * 220,
      y: 60 + index * 120,
    };
  });
  const height = Math.max(...[...perLayer.values()].map((count) => count * 120), 120) + 40;
  return { nodes, edges, height };
}

function arcPaths(arcs: Array<{ fraction: number; color: string }>): Array<{ d: string; color: string }> {
  let start = -Math.PI / 2;
  const r = RADIUS - 3;
  return arcs
    .filter((arc) => arc.fraction > 0)
    .map((arc) => {
      const angle = Math.min(arc.fraction, 0.9999) * 2 * Math.PI;
      const end = start + angle;
      const large = angle > Math.PI ? 1 : 0;
      const d = `M ${r * Math.cos(start)} ${r * Math.sin(start)} A ${r} ${r} 0 ${large} 1 ${r * Math.cos(end)} ${r * Math.sin(end)}`;
      start = end;
      return { d, color: arc.color };
    });
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative', border: `1px solid ${theme.colors.border.weak}`, borderRadius: theme.shape.radius.default }),
  summary: css({ padding: theme.spacing(0.5, 1), color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  scroll: css({ overflow: 'auto', maxHeight: 640 }),
  node: css({ cursor: 'pointer' }),
  details: css({
    position: 'absolute',
    top: theme.spacing(4),
    right: theme.spacing(1),
    width: 360,
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.medium}`,
    boxShadow: theme.shadows.z3,
    padding: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    th: { textAlign: 'left', paddingRight: theme.spacing(1), color: theme.colors.text.secondary, fontWeight: 'normal' },
  }),
  detailsHeader: css({ display: 'flex', justifyContent: 'space-between', marginBottom: theme.spacing(1) }),
  link: css({ display: 'block', color: theme.colors.text.link, marginTop: theme.spacing(0.5) }),
});
