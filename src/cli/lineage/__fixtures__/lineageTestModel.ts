import type { LineageModel, LineageNode } from '../lineageModel';

/** Nodes for writer and tree tests; only id, kind, namespace, name and health matter. */
export function testNode(id: string, overrides: Partial<LineageNode> = {}): LineageNode {
  const [kind, namespace, ...rest] = id.split(':');
  return {
    id,
    kind: kind as 'job' | 'dataset',
    namespace,
    name: rest.join(':'),
    health: 'healthy',
    healthReason: '',
    owners: [],
    depth: 0,
    center: false,
    status: '',
    detail: '',
    lastRunState: null,
    lastRunAt: null,
    lastSuccessAt: null,
    freshnessStatus: null,
    freshnessAgeSeconds: null,
    lastUpdatedAt: null,
    qualityPassRatio: null,
    failingChecks: [],
    ...overrides,
  };
}

/** Names with everything DOT, Mermaid or HTML could read as syntax. */
export const hostileNames = [
  'orders "quoted"',
  'back\\slash\\N and \\G',
  'line\nbreak',
  '<img src=x onerror=alert(1)>',
  'brackets [a] {b} (c) |d| ;e; #f &amp;',
  'ends with a backslash\\',
  '`markdown` **bold**',
];

export function hostileModel(): LineageModel {
  const job = testNode('job:airflow-prod:load "all"', { center: true, health: 'failing', status: 'FAIL' });
  const datasets = hostileNames.map((name, i) =>
    testNode(`dataset:warehouse:${name}`, { name, depth: 1 + i, health: i % 2 ? 'warning' : 'stale-ish' }),
  );
  return {
    center: job.id,
    nodes: [job, ...datasets],
    edges: datasets.map((d, i) => (i % 2 ? { source: d.id, target: job.id, direction: 'input' as const } : { source: job.id, target: d.id, direction: 'output' as const })),
    truncated: false,
    notices: [],
  };
}
