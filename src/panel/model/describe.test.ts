import { describe, expect, it } from 'vitest';

import { graphOf, nodesFrame, pipelineGraph } from '../testing/testFrames';
import { describeNode, formatAge } from './describe';

const now = Date.UTC(2026, 10, 20, 12, 0, 0);

describe('describeNode', () => {
  it('formats ages like the collector', () => {
    expect([45, 720, 7200, 12_000, 200_000, 172_800].map(formatAge)).toEqual(['45s', '12m', '2h', '3h 20m', '2d 7h', '2d']);
  });

  it('tells a dataset\u2019s age against its SLA, checks, personal data and owners', () => {
    const graph = pipelineGraph();
    const orders = graph.nodes[graph.byId.get('dataset:pg:orders')!];
    expect(describeNode(orders, { now, colorBy: 'freshness', status: 'failing' })).toEqual([
      { label: 'Freshness', value: 'Stale: SLA missed', bad: true },
      { label: 'Age', value: '2h, past its SLA', bad: true },
      { label: 'Checks passing', value: '50%', bad: true },
      { label: 'Failing checks', value: 'not_null_id', bad: true },
      { label: 'Owner', value: 'team-core' },
    ]);
    const customers = graph.nodes[graph.byId.get('dataset:pg:customers')!];
    expect(describeNode(customers, { now, colorBy: 'quality', status: 'ok' })).toContainEqual({ label: 'Personal data', value: 'email, phone' });
  });

  it('shows the SLA thresholds and row counts when the frames carry them', () => {
    const graph = graphOf([
      nodesFrame([{ id: 'dataset:a:t', detail__freshness_status: 'warning', detail__freshness_age: 5400, detail__sla_warn_after: 3600, detail__sla_critical_after: 7200, detail__rows: 1234567 }]),
    ]);
    const rows = describeNode(graph.nodes[0], { now, colorBy: 'freshness', status: 'warning' });
    expect(rows).toContainEqual({ label: 'Age', value: '1h 30m, near its SLA (SLA: stale after 2h, warn after 1h)', bad: false });
    expect(rows).toContainEqual({ label: 'Rows', value: '1,234,567' });
  });

  it('tells a job\u2019s last run and says its freshness is that of its outputs', () => {
    const graph = graphOf([nodesFrame([{ id: 'job:a:j', detail__last_run_state: 'FAIL', detail__last_run_at: now - 600_000, detail__last_success_at: now - 86_400_000 }])]);
    const rows = describeNode(graph.nodes[0], { now, colorBy: 'freshness', status: 'unknown', formatTime: () => 'T' });
    expect(rows).toEqual([
      { label: 'Freshness (outputs)', value: 'No SLA or never seen', bad: false },
      { label: 'Last run', value: 'FAIL, T (10m ago)', bad: true },
      { label: 'Last success', value: 'T (24h ago)' },
    ]);
  });

  it('falls back to Node Graph stats for plain frames', () => {
    const graph = graphOf([nodesFrame([{ id: 'svc', mainstat: '12 req/s', secondarystat: '3 ms' }])]);
    expect(describeNode(graph.nodes[0], { now, colorBy: 'runState', status: 'unknown' })).toEqual([
      { label: 'Run state', value: 'No runs', bad: false },
      { label: 'Main stat', value: '12 req/s' },
      { label: 'Secondary stat', value: '3 ms' },
    ]);
  });
});
