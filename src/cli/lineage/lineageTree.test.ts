import { expect, test } from 'vitest';
import { createStyle } from '../output/style';
import { renderLineageTree } from './lineageTree';
import type { LineageModel } from './lineageModel';
import { testNode } from './__fixtures__/lineageTestModel';

/**
 *   raw.orders ─► [stg_orders] ─► stg ─► [fct] ─► fct ─► [dashboard]
 *                      ▲                   │
 *                      └──── [snapshot] ◄──┘ (stg also feeds snapshot, which writes raw.orders: a cycle)
 */
function model(): LineageModel {
  const n = {
    raw: testNode('dataset:wh:raw.orders', { health: 'healthy', status: 'fresh, 3h' }),
    stgJob: testNode('job:dbt:stg_orders', { status: 'COMPLETE' }),
    stg: testNode('dataset:wh:stg_orders', { center: true, status: 'fresh, 2h' }),
    snapshot: testNode('job:dbt:snapshot', { status: 'COMPLETE' }),
    fctJob: testNode('job:dbt:fct', { health: 'failing', status: 'FAIL', owners: ['team:analytics'] }),
    fct: testNode('dataset:wh:fct', { health: 'failing', status: 'stale, 2d' }),
  };
  return {
    center: n.stg.id,
    nodes: Object.values(n),
    edges: [
      { source: n.raw.id, target: n.stgJob.id, direction: 'input' },
      { source: n.stgJob.id, target: n.stg.id, direction: 'output' },
      { source: n.stg.id, target: n.fctJob.id, direction: 'input' },
      { source: n.fctJob.id, target: n.fct.id, direction: 'output' },
      { source: n.stg.id, target: n.snapshot.id, direction: 'input' },
      { source: n.snapshot.id, target: n.raw.id, direction: 'output' },
    ],
    truncated: false,
    notices: [],
  };
}

test('upstream and downstream trees, cycles printed once and marked', () => {
  const lines = renderLineageTree(model(), { style: createStyle(false), direction: 'both' });
  expect(lines).toEqual([
    'dataset stg_orders (wh)  healthy  fresh, 2h',
    '',
    'upstream (feeds it)',
    '└── job     stg_orders (dbt)  healthy  COMPLETE',
    '    └── dataset raw.orders (wh)  healthy  fresh, 3h',
    '        └── job     snapshot (dbt)  healthy  COMPLETE',
    '            └── dataset stg_orders (wh)  healthy  fresh, 2h  ↻ cycle back to the start',
    '',
    'downstream (fed by it)',
    '├── job     fct (dbt)  failing  FAIL · owners team:analytics',
    '│   └── dataset fct (wh)  failing  stale, 2d',
    '└── job     snapshot (dbt)  healthy  COMPLETE',
    '    └── dataset raw.orders (wh)  healthy  fresh, 3h',
    '        └── job     stg_orders (dbt)  healthy  COMPLETE',
    '            └── dataset stg_orders (wh)  healthy  fresh, 2h  ↻ cycle back to the start',
  ]);
});

test('one direction only, and a node with nothing on a side', () => {
  const upstream = renderLineageTree(model(), { style: createStyle(false), direction: 'upstream' });
  expect(upstream).not.toContain('downstream (fed by it)');
  const m = model();
  m.center = 'dataset:wh:fct';
  const leaf = renderLineageTree(m, { style: createStyle(false), direction: 'downstream' });
  expect(leaf.slice(-2)).toEqual(['downstream (fed by it)', '  (nothing)']);
});
