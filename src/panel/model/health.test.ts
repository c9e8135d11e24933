import { createTheme } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { graphOf, nodesFrame, pipelineGraph } from '../testing/testFrames';
import { freshnessStatus, healthColors, legendEntries, nodeStatuses, qualityStatus, runStateStatus, statusColor, worse } from './health';

const statusById = (colorBy: Parameters<typeof nodeStatuses>[1]) => {
  const graph = pipelineGraph();
  const statuses = nodeStatuses(graph, colorBy);
  return Object.fromEntries(graph.nodes.map((node) => [node.title, statuses[node.index]]));
};

describe('health mapping', () => {
  it('maps run states, freshness and quality to statuses', () => {
    expect(['COMPLETE', 'FAIL', 'ABORT', 'RUNNING', 'START', 'OTHER', undefined].map(runStateStatus)).toEqual([
      'ok',
      'failing',
      'failing',
      'running',
      'running',
      'unknown',
      'unknown',
    ]);
    expect(['fresh', 'warning', 'stale', 'unknown', undefined].map(freshnessStatus)).toEqual(['ok', 'warning', 'failing', 'unknown', 'unknown']);
    expect(qualityStatus({ qualityPassRatio: 1, failingChecks: [] })).toBe('ok');
    expect(qualityStatus({ qualityPassRatio: 0.9, failingChecks: [] })).toBe('failing');
    expect(qualityStatus({ qualityPassRatio: undefined, failingChecks: ['x'] })).toBe('failing');
    expect(qualityStatus({ qualityPassRatio: undefined, failingChecks: [] })).toBe('unknown');
    // the collector's verdict against the dataset's SLA wins over the ratio alone
    expect(qualityStatus({ qualityPassRatio: 0.97, qualityStatus: 'warning', failingChecks: ['x'] })).toBe('warning');
    expect(qualityStatus({ qualityPassRatio: 0.97, qualityStatus: 'healthy', failingChecks: [] })).toBe('ok');
    expect(qualityStatus({ qualityPassRatio: 0.5, qualityStatus: 'failing', failingChecks: ['x'] })).toBe('failing');
    expect(worse('ok', 'failing')).toBe('failing');
    expect(worse('unknown', 'ok')).toBe('ok');
  });

  it('colours by freshness: datasets by their own, jobs by the worst of what they write', () => {
    expect(statusById('freshness')).toEqual({
      raw_orders: 'ok',
      load_orders: 'failing', // writes orders, which is stale
      orders: 'failing',
      customers: 'ok',
      build_marts: 'warning', // daily_revenue is near its SLA, customer_ltv fresh
      daily_revenue: 'warning',
      customer_ltv: 'ok',
      export: 'unknown', // writes nothing
    });
  });

  it('colours by run state: jobs by their latest run, datasets by the jobs writing them', () => {
    expect(statusById('runState')).toEqual({
      raw_orders: 'unknown',
      load_orders: 'failing',
      orders: 'failing',
      customers: 'unknown',
      build_marts: 'ok',
      daily_revenue: 'ok',
      customer_ltv: 'ok',
      export: 'running',
    });
  });

  it('colours by quality', () => {
    const byTitle = statusById('quality');
    expect(byTitle.orders).toBe('failing');
    expect(byTitle.customers).toBe('ok');
    expect(byTitle.load_orders).toBe('failing');
    expect(byTitle.raw_orders).toBe('unknown');
  });

  it('takes its colours from the theme, different in dark and light', () => {
    const dark = createTheme({ colors: { mode: 'dark' } });
    const light = createTheme({ colors: { mode: 'light' } });
    const darkColors = healthColors(dark);
    const lightColors = healthColors(light);
    expect(darkColors.ok).toBe(dark.colors.success.main);
    expect(darkColors.warning).toBe(dark.colors.warning.main);
    expect(darkColors.failing).toBe(dark.colors.error.main);
    expect(darkColors.unknown).toBe(dark.colors.text.disabled);
    expect(lightColors.failing).toBe(light.colors.error.main);
    expect(lightColors.ok).not.toBe(darkColors.ok);
    expect(lightColors.failing).not.toBe(darkColors.failing);
    expect(new Set(Object.values(darkColors)).size).toBe(5);
  });

  it('falls back to the frame colour for plain Node Graph frames', () => {
    const theme = createTheme();
    const graph = graphOf([nodesFrame([{ id: 'svc', color: 'red' }, { id: 'plain' }])]);
    const colors = healthColors(theme);
    expect(statusColor(theme, colors, 'unknown', graph.nodes[0])).toBe(theme.visualization.getColorByName('red'));
    expect(statusColor(theme, colors, 'unknown', graph.nodes[1])).toBe(colors.unknown);
    expect(statusColor(theme, colors, 'ok', graph.nodes[0])).toBe(colors.ok);
  });

  it('has a legend entry for each colour it uses', () => {
    expect(legendEntries('freshness').map((e) => e.status)).toEqual(['ok', 'warning', 'failing', 'unknown']);
    expect(legendEntries('runState').map((e) => e.status)).toEqual(['ok', 'running', 'failing', 'unknown']);
    expect(legendEntries('quality').map((e) => e.label)).toEqual(['All checks pass', 'Checks failing', 'No checks']);
  });
});
