import { createTheme } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { buildView } from '../model/grouping';
import { healthColors, nodeStatuses, statusColor } from '../model/health';
import { highlight } from '../model/traversal';
import { fakeContext } from '../testing/fakeCanvas';
import { graphOf, nodesFrame, edgesFrame, pipelineGraph } from '../testing/testFrames';
import { drawScene, fitText, paletteFromTheme } from './draw';
import { buildAppearance, buildGeometry, viewRelations } from './scene';

const theme = createTheme();
const screen = { width: 1000, height: 600 };

function scene(graph = pipelineGraph(), collapsed = new Set<string>()) {
  const view = buildView(graph, collapsed);
  const geometry = buildGeometry(graph, view, 'LR', 'auto');
  const statuses = nodeStatuses(graph, 'freshness');
  const colors = healthColors(theme);
  const appearance = buildAppearance(graph, view, statuses, (s, n) => statusColor(theme, colors, s, n), (n) => n.title, (n) => n.namespace);
  return { graph, view, geometry, appearance, colors };
}

describe('drawScene', () => {
  it('draws every node with its label as text when zoomed in', () => {
    const { geometry, appearance } = scene();
    const fake = fakeContext();
    const stats = drawScene(fake.context, geometry, appearance, { hover: -1 }, paletteFromTheme(theme), { x: 20, y: 20, k: 1 }, { width: 3000, height: 1200 }, 1);
    expect(stats.nodesDrawn).toBe(8);
    expect(stats.edgesDrawn).toBe(7);
    expect(fake.texts()).toEqual(expect.arrayContaining(['raw_orders', 'load_orders', 'daily_revenue', 'pg', 'snowflake']));
  });

  it('paints each node\u2019s badge in its health colour', () => {
    const { geometry, appearance, colors, graph } = scene();
    const fake = fakeContext();
    drawScene(fake.context, geometry, appearance, { hover: -1 }, paletteFromTheme(theme), { x: 0, y: 0, k: 1 }, { width: 3000, height: 1200 }, 1);
    const fills = fake.calls.filter((c) => c.method === 'fill').map((c) => c.fillStyle);
    expect(fills).toContain(colors.failing); // orders is stale
    expect(fills).toContain(colors.warning); // daily_revenue
    expect(appearance.colors[graph.byId.get('dataset:pg:orders')!]).toBe(colors.failing);
  });

  it('leaves labels out and draws blocks when zoomed far out', () => {
    const { geometry, appearance } = scene();
    const fake = fakeContext();
    drawScene(fake.context, geometry, appearance, { hover: -1 }, paletteFromTheme(theme), { x: 0, y: 0, k: 0.05 }, screen, 1);
    expect(fake.texts()).toEqual([]);
    expect(fake.count('rect')).toBe(8);
    expect(fake.count('bezierCurveTo') + fake.count('quadraticCurveTo')).toBe(0);
  });

  it('culls what is off screen', () => {
    const { geometry, appearance } = scene();
    const fake = fakeContext();
    const stats = drawScene(fake.context, geometry, appearance, { hover: -1 }, paletteFromTheme(theme), { x: -100_000, y: -100_000, k: 1 }, screen, 1);
    expect(stats).toMatchObject({ nodesDrawn: 0, edgesDrawn: 0, labelsDrawn: 0 });
  });

  it('dims what is not up- or downstream of the focus and rings the focus', () => {
    const { graph, view, geometry, appearance } = scene();
    const customers = graph.byId.get('dataset:pg:customers')!;
    const relations = viewRelations(view, highlight(graph, customers), false);
    const palette = paletteFromTheme(theme);
    const fake = fakeContext();
    drawScene(fake.context, geometry, appearance, { hover: -1, relations }, palette, { x: 0, y: 0, k: 1 }, { width: 3000, height: 1200 }, 1);
    const dimmedLabels = fake.calls.filter((c) => c.method === 'fillText' && c.globalAlpha !== 1).map((c) => c.args[0]);
    expect(dimmedLabels).toEqual(expect.arrayContaining(['raw_orders', 'orders']));
    expect(dimmedLabels).not.toContain('build_marts');
    const strokes = fake.calls.filter((c) => c.method === 'stroke').map((c) => c.strokeStyle);
    expect(strokes).toContain(palette.focus);
    expect(strokes).toContain(palette.downstream);
  });

  it('draws a hostile name as text, whole or cut with an ellipsis', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const graph = graphOf([nodesFrame([{ id: `dataset:x:${hostile}` }, { id: 'job:x:j' }]), edgesFrame([['job:x:j', `dataset:x:${hostile}`]])]);
    const { geometry, appearance } = scene(graph);
    const fake = fakeContext();
    drawScene(fake.context, geometry, appearance, { hover: -1 }, paletteFromTheme(theme), { x: 0, y: 0, k: 2 }, { width: 3000, height: 1200 }, 1);
    expect(fake.texts().some((text) => hostile.startsWith(text.replace(/\u2026$/, '')) && text.length > 5)).toBe(true);
  });

  it('draws collapsed namespaces as group nodes', () => {
    const { geometry, appearance } = scene(pipelineGraph(), new Set(['pg']));
    expect(appearance.titles).toContain('pg');
    expect(appearance.subtitles).toContain('3 datasets');
    const fake = fakeContext();
    drawScene(fake.context, geometry, appearance, { hover: -1 }, paletteFromTheme(theme), { x: 0, y: 0, k: 1 }, { width: 3000, height: 1200 }, 1);
    expect(fake.texts()).toContain('3 datasets');
  });
});

describe('fitText', () => {
  it('cuts text to the width with an ellipsis', () => {
    const fake = fakeContext();
    expect(fitText(fake.context, 'abcdefghij', 60, 'a')).toBe('abcdefghij');
    expect(fitText(fake.context, 'abcdefghij', 30, 'b')).toBe('abcd\u2026');
    expect(fitText(fake.context, 'abcdefghij', 3, 'c')).toBe('');
  });
});
