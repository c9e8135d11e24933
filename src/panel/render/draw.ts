import { GrafanaTheme2 } from '@grafana/data';

import { Relation } from '../model/traversal';
import { type Appearance, type Geometry, type Relations, Shape } from './scene';
import { type Viewport, visibleWorld } from './viewport';

/**
 * Draws the lineage graph on a 2D canvas: culled to the viewport, edges batched into one path
 * per style, and level of detail by zoom — nodes as coloured blocks when tiny, shapes with a
 * health badge and kind glyph when bigger, labels only once they can be read. Names reach the
 * canvas through fillText only: drawn as text, never parsed as markup.
 */
export interface Palette {
  nodeFill: string;
  datasetFill: string;
  groupFill: string;
  border: string;
  borderStrong: string;
  text: string;
  textSecondary: string;
  edge: string;
  upstream: string;
  downstream: string;
  impact: string;
  focus: string;
  search: string;
  column: string;
  labelBackground: string;
  fontFamily: string;
  /** glyph ink readable on each badge colour */
  inkOn: (color: string) => string;
}

export function paletteFromTheme(theme: GrafanaTheme2): Palette {
  const inks = new Map<string, string>();
  return {
    nodeFill: theme.colors.background.secondary,
    datasetFill: theme.colors.background.primary,
    groupFill: theme.colors.background.canvas,
    border: theme.colors.border.medium,
    borderStrong: theme.colors.text.secondary,
    text: theme.colors.text.primary,
    textSecondary: theme.colors.text.secondary,
    edge: theme.colors.border.strong,
    upstream: theme.visualization.getColorByName('purple'),
    downstream: theme.colors.primary.main,
    impact: theme.colors.error.main,
    focus: theme.colors.primary.main,
    search: theme.visualization.getColorByName(theme.isDark ? 'yellow' : 'dark-yellow'),
    column: theme.visualization.getColorByName(theme.isDark ? 'light-purple' : 'dark-purple'),
    labelBackground: theme.colors.background.primary,
    fontFamily: theme.typography.fontFamily,
    inkOn: (color: string) => {
      let ink = inks.get(color);
      if (ink === undefined) {
        ink = theme.colors.getContrastText(color);
        inks.set(color, ink);
      }
      return ink;
    },
  };
}

export interface DrawState {
  hover: number;
  relations?: Relations;
  /** 1 for view nodes matching the search */
  search?: Uint8Array;
  /** dashed column-lineage links between view nodes */
  columnLinks?: Array<{ source: number; target: number; label: string }>;
}

export interface DrawStats {
  nodesDrawn: number;
  edgesDrawn: number;
  labelsDrawn: number;
  ms: number;
}

/** Zoom thresholds: node screen width below which each detail is left out. */
const BLOCK_BELOW = 14;
const GLYPH_FROM = 40;
const TITLE_FROM = 48;
const SUBTITLE_MIN_HEIGHT = 28;

type Ctx = CanvasRenderingContext2D;

function roundedRect(ctx: Ctx, x: number, y: number, w: number, h: number, r: number) {
  const radius = Math.min(r, w / 2, h / 2);
  ctx.moveTo(x + radius, y);
  ctx.arcTo(x + w, y, x + w, y + h, radius);
  ctx.arcTo(x + w, y + h, x, y + h, radius);
  ctx.arcTo(x, y + h, x, y, radius);
  ctx.arcTo(x, y, x + w, y, radius);
  ctx.closePath();
}

/** Start and end of an edge on the node borders, in flow direction. */
function ports(g: Geometry, e: number): [number, number, number, number] {
  const s = g.edgeSource[e];
  const t = g.edgeTarget[e];
  if (g.direction === 'TB') {
    return [g.x[s], g.y[s] + g.h[s] / 2, g.x[t], g.y[t] - g.h[t] / 2];
  }
  return [g.x[s] + g.w[s] / 2, g.y[s], g.x[t] - g.w[t] / 2, g.y[t]];
}

interface Bounds {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function edgeVisible(g: Geometry, e: number, view: Bounds): boolean {
  const route = g.routes?.[e];
  let minX: number;
  let maxX: number;
  let minY: number;
  let maxY: number;
  if (route) {
    minX = maxX = route[0].x;
    minY = maxY = route[0].y;
    for (const p of route) {
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    }
  } else {
    const [sx, sy, tx, ty] = ports(g, e);
    const bend = 60;
    minX = Math.min(sx, tx) - bend;
    maxX = Math.max(sx, tx) + bend;
    minY = Math.min(sy, ty) - bend;
    maxY = Math.max(sy, ty) + bend;
  }
  return maxX >= view.left && minX <= view.right && maxY >= view.top && minY <= view.bottom;
}

function traceEdge(ctx: Ctx, g: Geometry, e: number, straight: boolean) {
  const route = g.routes?.[e];
  if (route && route.length >= 2) {
    ctx.moveTo(route[0].x, route[0].y);
    if (straight || route.length === 2) {
      for (let i = 1; i < route.length; i++) {
        ctx.lineTo(route[i].x, route[i].y);
      }
      return;
    }
    for (let i = 1; i < route.length - 1; i++) {
      const mx = (route[i].x + route[i + 1].x) / 2;
      const my = (route[i].y + route[i + 1].y) / 2;
      ctx.quadraticCurveTo(route[i].x, route[i].y, mx, my);
    }
    const last = route[route.length - 1];
    ctx.lineTo(last.x, last.y);
    return;
  }
  const [sx, sy, tx, ty] = ports(g, e);
  ctx.moveTo(sx, sy);
  if (straight) {
    ctx.lineTo(tx, ty);
    return;
  }
  if (g.direction === 'TB') {
    const d = Math.max(30, Math.abs(ty - sy) / 2);
    ctx.bezierCurveTo(sx, sy + d, tx, ty - d, tx, ty);
  } else {
    const d = Math.max(30, Math.abs(tx - sx) / 2);
    ctx.bezierCurveTo(sx + d, sy, tx - d, ty, tx, ty);
  }
}

function traceArrow(ctx: Ctx, g: Geometry, e: number, size: number) {
  const route = g.routes?.[e];
  let tx: number;
  let ty: number;
  if (route && route.length >= 2) {
    tx = route[route.length - 1].x;
    ty = route[route.length - 1].y;
  } else {
    [, , tx, ty] = ports(g, e);
  }
  if (g.direction === 'TB') {
    ctx.moveTo(tx, ty);
    ctx.lineTo(tx - size * 0.6, ty - size);
    ctx.lineTo(tx + size * 0.6, ty - size);
  } else {
    ctx.moveTo(tx, ty);
    ctx.lineTo(tx - size, ty - size * 0.6);
    ctx.lineTo(tx - size, ty + size * 0.6);
  }
  ctx.closePath();
}

const truncated = new WeakMap<Ctx, Map<string, string>>();

/** The longest prefix of `text` (plus an ellipsis) that fits `width` pixels in the current font. */
export function fitText(ctx: Ctx, text: string, width: number, cacheKey: string): string {
  let cache = truncated.get(ctx);
  if (!cache) {
    cache = new Map();
    truncated.set(ctx, cache);
  }
  const key = `${cacheKey}|${ctx.font}|${Math.floor(width / 4)}|${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    return hit;
  }
  let result = text;
  if (ctx.measureText(text).width > width) {
    let low = 0;
    let high = text.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (ctx.measureText(`${text.slice(0, mid)}\u2026`).width <= width) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    result = low === 0 ? '' : `${text.slice(0, low)}\u2026`;
  }
  if (cache.size > 20_000) {
    cache.clear();
  }
  cache.set(key, result);
  return result;
}

function drawGlyph(ctx: Ctx, shape: number, cx: number, cy: number, r: number) {
  ctx.beginPath();
  if (shape === Shape.Job) {
    // a "run" triangle
    ctx.moveTo(cx - r * 0.35, cy - r * 0.5);
    ctx.lineTo(cx + r * 0.55, cy);
    ctx.lineTo(cx - r * 0.35, cy + r * 0.5);
    ctx.closePath();
    ctx.fill();
  } else if (shape === Shape.Dataset) {
    // a cylinder: the usual table/storage sign
    const w = r * 0.6;
    const e = r * 0.22;
    ctx.ellipse(cx, cy - r * 0.4, w, e, 0, 0, Math.PI * 2);
    ctx.moveTo(cx - w, cy - r * 0.4);
    ctx.lineTo(cx - w, cy + r * 0.4);
    ctx.ellipse(cx, cy + r * 0.4, w, e, 0, Math.PI, 0, true);
    ctx.lineTo(cx + w, cy - r * 0.4);
    ctx.stroke();
  } else if (shape === Shape.Group) {
    // stacked boxes
    const s = r * 0.45;
    ctx.rect(cx - s, cy - s * 0.6, s * 1.4, s * 1.4);
    ctx.rect(cx - s * 0.6, cy - s, s * 1.4, s * 1.4);
    ctx.stroke();
  } else {
    ctx.arc(cx, cy, r * 0.3, 0, Math.PI * 2);
    ctx.fill();
  }
}

export function drawScene(
  ctx: Ctx,
  g: Geometry,
  look: Appearance,
  state: DrawState,
  palette: Palette,
  view: Viewport,
  screen: { width: number; height: number },
  dpr: number,
): DrawStats {
  const started = performance.now();
  const { k } = view;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, screen.width, screen.height);
  ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * view.x, dpr * view.y);
  const bounds = visibleWorld(view, screen, 40);
  const relations = state.relations;
  const focusing = relations !== undefined;
  const px = 1 / k; // one screen pixel in world units
  const nodeScreenWidth = 180 * k;
  const blocks = nodeScreenWidth < BLOCK_BELOW;
  const straight = nodeScreenWidth < 30;

  // Edges: one path per style.
  const edgeClasses = focusing ? 5 : 2; // 0 plain/dimmed, 1 hover, 2 upstream, 3 downstream, 4 impact
  const classOf = (e: number): number => {
    if (relations) {
      const relation = relations.edges[e];
      if (relation === Relation.Upstream) {
        return 2;
      }
      if (relation === Relation.Downstream) {
        return relations.impact ? 4 : 3;
      }
      return 0;
    }
    return state.hover >= 0 && (g.edgeSource[e] === state.hover || g.edgeTarget[e] === state.hover) ? 1 : 0;
  };
  const visibleEdges: number[][] = Array.from({ length: edgeClasses }, () => []);
  let edgesDrawn = 0;
  for (let e = 0; e < g.edgeSource.length; e++) {
    if (edgeVisible(g, e, bounds)) {
      visibleEdges[Math.min(classOf(e), edgeClasses - 1)].push(e);
      edgesDrawn++;
    }
  }
  const edgeStyle = [
    { color: palette.edge, width: 1.2, alpha: focusing ? 0.18 : straight ? 0.55 : 0.9 },
    { color: palette.borderStrong, width: 2, alpha: 1 },
    { color: palette.upstream, width: 2.4, alpha: 1 },
    { color: palette.downstream, width: 2.4, alpha: 1 },
    { color: palette.impact, width: 2.6, alpha: 1 },
  ];
  const arrowSize = 7;
  visibleEdges.forEach((list, cls) => {
    if (list.length === 0) {
      return;
    }
    const style = edgeStyle[cls];
    ctx.globalAlpha = style.alpha;
    ctx.strokeStyle = style.color;
    ctx.fillStyle = style.color;
    // Zoomed far out, plain edges are hairlines: one device pixel, the cheapest line to rasterise.
    ctx.lineWidth = (cls === 0 && blocks ? 1 / dpr : style.width) * px;
    ctx.beginPath();
    for (const e of list) {
      traceEdge(ctx, g, e, straight);
    }
    ctx.stroke();
    if (nodeScreenWidth >= 60) {
      ctx.beginPath();
      for (const e of list) {
        traceArrow(ctx, g, e, arrowSize);
      }
      ctx.fill();
    }
  });
  ctx.globalAlpha = 1;

  // Column lineage: dashed links between datasets.
  if (state.columnLinks && state.columnLinks.length > 0) {
    ctx.strokeStyle = palette.column;
    ctx.lineWidth = 1.8 * px;
    ctx.setLineDash([6 * px, 4 * px]);
    ctx.beginPath();
    for (const link of state.columnLinks) {
      const [sx, sy, tx, ty] = columnPorts(g, link.source, link.target);
      ctx.moveTo(sx, sy);
      if (g.direction === 'TB') {
        const d = Math.max(40, Math.abs(ty - sy) / 2);
        ctx.bezierCurveTo(sx + 40, sy + d, tx + 40, ty - d, tx, ty);
      } else {
        const d = Math.max(40, Math.abs(tx - sx) / 2);
        ctx.bezierCurveTo(sx + d, sy - 40, tx - d, ty - 40, tx, ty);
      }
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }

  // Nodes.
  const visible: number[] = [];
  for (let i = 0; i < g.count; i++) {
    const hw = g.w[i] / 2;
    const hh = g.h[i] / 2;
    if (g.x[i] + hw >= bounds.left && g.x[i] - hw <= bounds.right && g.y[i] + hh >= bounds.top && g.y[i] - hh <= bounds.bottom) {
      visible.push(i);
    }
  }
  const dimmed = (i: number) => focusing && relations.nodes[i] === Relation.None;
  if (blocks) {
    // Tiny: each node a block in its health colour, batched by colour and dimming.
    const batches = new Map<string, number[]>();
    for (const i of visible) {
      const key = `${dimmed(i) ? 'd' : 'n'}${look.colors[i]}`;
      const list = batches.get(key);
      if (list) {
        list.push(i);
      } else {
        batches.set(key, [i]);
      }
    }
    for (const [key, list] of batches) {
      ctx.globalAlpha = key[0] === 'd' ? 0.2 : 1;
      ctx.fillStyle = key.slice(1);
      ctx.beginPath();
      // Shapes are a few pixels here: plain rectangles, the cheapest to rasterise.
      for (const i of list) {
        ctx.rect(g.x[i] - g.w[i] / 2, g.y[i] - g.h[i] / 2, g.w[i], g.h[i]);
      }
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  } else {
    for (const i of visible) {
      const left = g.x[i] - g.w[i] / 2;
      const top = g.y[i] - g.h[i] / 2;
      const w = g.w[i];
      const h = g.h[i];
      const shape = g.shape[i];
      ctx.globalAlpha = dimmed(i) ? 0.25 : 1;
      if (shape === Shape.Group) {
        ctx.beginPath();
        roundedRect(ctx, left + 6, top + 6, w, h, 8);
        ctx.fillStyle = palette.groupFill;
        ctx.fill();
        ctx.strokeStyle = palette.border;
        ctx.lineWidth = px;
        ctx.stroke();
      }
      ctx.beginPath();
      roundedRect(ctx, left, top, w, h, shape === Shape.Job ? h / 2 : shape === Shape.Group ? 8 : 3);
      ctx.fillStyle = shape === Shape.Dataset ? palette.datasetFill : shape === Shape.Group ? palette.groupFill : palette.nodeFill;
      ctx.fill();
      ctx.lineWidth = (i === state.hover ? 2 : 1) * px;
      ctx.strokeStyle = i === state.hover ? palette.borderStrong : palette.border;
      if (look.placeholder[i]) {
        ctx.setLineDash([4 * px, 3 * px]);
      }
      ctx.stroke();
      ctx.setLineDash([]);
      // Health badge with the kind glyph.
      const r = Math.min(13, h / 2 - 6);
      const cx = left + (shape === Shape.Job ? h / 2 : r + 7);
      ctx.beginPath();
      ctx.arc(cx, g.y[i], r, 0, Math.PI * 2);
      ctx.fillStyle = look.colors[i];
      ctx.fill();
      if (nodeScreenWidth >= GLYPH_FROM) {
        const ink = palette.inkOn(look.colors[i]);
        ctx.fillStyle = ink;
        ctx.strokeStyle = ink;
        ctx.lineWidth = Math.max(1.4, 1.2 * px);
        drawGlyph(ctx, shape, cx, g.y[i], r);
      }
    }
    ctx.globalAlpha = 1;
  }

  // Rings: search hits, focus, impact.
  const ring = (i: number, color: string, width: number, gap: number) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = width * px;
    ctx.beginPath();
    const pad = gap * px;
    roundedRect(ctx, g.x[i] - g.w[i] / 2 - pad, g.y[i] - g.h[i] / 2 - pad, g.w[i] + 2 * pad, g.h[i] + 2 * pad, g.shape[i] === Shape.Job ? g.h[i] / 2 + pad : 5);
    ctx.stroke();
  };
  if (relations?.impact) {
    for (const i of visible) {
      if (relations.nodes[i] === Relation.Downstream) {
        ring(i, palette.impact, 2, 2);
      }
    }
  }
  if (state.search) {
    for (const i of visible) {
      if (state.search[i]) {
        ring(i, palette.search, 2.5, 4);
      }
    }
  }
  if (relations && relations.focus >= 0) {
    ring(relations.focus, palette.focus, 3, 3);
  }

  // Labels, in screen space so they stay crisp and readable.
  let labelsDrawn = 0;
  if (nodeScreenWidth >= TITLE_FROM) {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    const titlePx = Math.round(Math.max(10, Math.min(13, 12 * k)));
    const subtitlePx = Math.round(Math.max(9, Math.min(11, 10 * k)));
    const titleFont = `500 ${titlePx}px ${palette.fontFamily}`;
    const subtitleFont = `400 ${subtitlePx}px ${palette.fontFamily}`;
    for (const i of visible) {
      const sx = view.x + (g.x[i] - g.w[i] / 2) * k;
      const sy = view.y + g.y[i] * k;
      const screenHeight = g.h[i] * k;
      const badge = g.shape[i] === Shape.Job ? g.h[i] : Math.min(13, g.h[i] / 2 - 6) * 2 + 7;
      const textLeft = sx + (badge + 8) * k;
      const available = (g.w[i] - badge - 14) * k;
      if (available < 16) {
        continue;
      }
      const subtitle = look.subtitles[i];
      const twoLines = subtitle !== undefined && screenHeight >= SUBTITLE_MIN_HEIGHT;
      ctx.globalAlpha = dimmed(i) ? 0.35 : 1;
      ctx.font = titleFont;
      ctx.fillStyle = palette.text;
      ctx.fillText(fitText(ctx, look.titles[i], available, `t${i}`), textLeft, twoLines ? sy - Math.min(8, screenHeight * 0.2) : sy);
      if (twoLines) {
        ctx.font = subtitleFont;
        ctx.fillStyle = palette.textSecondary;
        ctx.fillText(fitText(ctx, subtitle, available, `s${i}`), textLeft, sy + Math.min(9, screenHeight * 0.22));
      }
      labelsDrawn++;
    }
    ctx.globalAlpha = 1;
    // Column names on the column-lineage links.
    if (state.columnLinks && k >= 0.5) {
      ctx.font = `400 ${subtitlePx}px ${palette.fontFamily}`;
      for (const link of state.columnLinks) {
        const [sx, sy, tx, ty] = columnPorts(g, link.source, link.target);
        const mx = view.x + ((sx + tx) / 2) * k;
        const my = view.y + ((sy + ty) / 2 - (g.direction === 'TB' ? 0 : 30)) * k;
        const label = fitText(ctx, link.label, 220, 'c');
        const width = ctx.measureText(label).width;
        ctx.fillStyle = palette.labelBackground;
        ctx.fillRect(mx - width / 2 - 4, my - subtitlePx / 2 - 3, width + 8, subtitlePx + 6);
        ctx.fillStyle = palette.column;
        ctx.fillText(label, mx - width / 2, my);
      }
    }
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return { nodesDrawn: visible.length, edgesDrawn, labelsDrawn, ms: performance.now() - started };
}

function columnPorts(g: Geometry, s: number, t: number): [number, number, number, number] {
  if (g.direction === 'TB') {
    return [g.x[s] + g.w[s] / 2, g.y[s], g.x[t] + g.w[t] / 2, g.y[t]];
  }
  return [g.x[s] + g.w[s] / 2, g.y[s] - g.h[s] / 2 + 4, g.x[t] - g.w[t] / 2, g.y[t] - g.h[t] / 2 + 4];
}
