import type { DataFrameJson } from '../../contract/frames';

/**
 * Deterministic, lineage-like graphs for benchmarks and tests: jobs read a few datasets
 * (mostly recent ones, so the graph is deep like real pipelines) and write one or two new
 * ones; namespaces cluster neighbouring jobs. Pure and dependency-free, so the Node bench and
 * the browser tests build the same graphs. Emits the collector's lineage frame shape.
 */
export interface SyntheticLineageOptions {
  nodes: number;
  /** about twice the node count by default, like the 2,000 / 4,000 budget */
  edges?: number;
  seed?: number;
  /** roughly this many nodes per namespace (default 100) */
  namespaceSize?: number;
}

export interface SyntheticNode {
  id: string;
  kind: 'job' | 'dataset';
  namespace: string;
  name: string;
}

export interface SyntheticLineage {
  nodes: SyntheticNode[];
  edges: Array<{ source: string; target: string }>;
}

/** mulberry32: small, fast and good enough for shapes of test graphs */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticLineage({ nodes: total, edges: wantedEdges, seed = 42, namespaceSize = 100 }: SyntheticLineageOptions): SyntheticLineage {
  const rand = random(seed);
  const edgeTarget = wantedEdges ?? total * 2;
  // Stages like raw -> staging -> intermediate -> marts: deeper for bigger graphs, as in real ones.
  const stages = Math.max(2, Math.min(16, Math.round(2 * Math.log10(Math.max(10, total)) + 2)));
  const namespaces = Math.max(1, Math.round(total / namespaceSize));
  const jobCount = Math.max(1, Math.round(total * 0.4));
  const datasetCount = Math.max(1, total - jobCount);

  const nodes: SyntheticNode[] = [];
  const edges: Array<{ source: string; target: string }> = [];
  const edgeKeys = new Set<string>();
  const addEdge = (source: string, target: string) => {
    const key = `${source}\n${target}`;
    if (edgeKeys.has(key)) {return false;}
    edgeKeys.add(key);
    edges.push({ source, target });
    return true;
  };
  // datasets[stage][namespace] -> ids
  const datasets: string[][][] = Array.from({ length: stages }, () => Array.from({ length: namespaces }, () => []));
  const jobs: Array<{ id: string; stage: number; ns: number }> = [];
  let datasetSerial = 0;
  const addDataset = (stage: number, ns: number) => {
    const namespace = `ns_${ns}`;
    const name = `table_${datasetSerial++}`;
    const id = `dataset:${namespace}:${name}`;
    nodes.push({ id, kind: 'dataset', namespace, name });
    datasets[stage][ns].push(id);
    return id;
  };
  // Stage 0: sources, about a fifth of the datasets, spread over namespaces.
  const sourceCount = Math.max(1, Math.round(datasetCount * 0.2));
  for (let i = 0; i < sourceCount; i++) {addDataset(0, i % namespaces);}

  const pickInput = (stage: number, ns: number): string | undefined => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const roll = rand();
      const from = roll < 0.7 ? stage - 1 : roll < 0.85 ? Math.max(0, stage - 2) : Math.floor(rand() * stage);
      const space = rand() < 0.85 ? ns : Math.floor(rand() * namespaces);
      const list = datasets[from][space];
      if (list.length > 0) {return list[Math.floor(rand() * list.length)];}
    }
    return undefined;
  };

  let datasetsLeft = datasetCount - sourceCount;
  for (let j = 0; j < jobCount; j++) {
    const stage = 1 + Math.floor((j / jobCount) * (stages - 1));
    const ns = Math.floor(rand() * namespaces);
    const namespace = `ns_${ns}`;
    const id = `job:${namespace}:job_${j}`;
    nodes.push({ id, kind: 'job', namespace, name: `job_${j}` });
    jobs.push({ id, stage, ns });
    const input = pickInput(stage, ns);
    if (input) {addEdge(input, id);}
    const jobsLeft = jobCount - j;
    const outputs = jobsLeft === 1 ? datasetsLeft : Math.min(datasetsLeft, Math.max(0, Math.round(datasetsLeft / jobsLeft + (rand() - 0.5))));
    for (let o = 0; o < outputs; o++) {addEdge(id, addDataset(stage, ns));}
    datasetsLeft -= outputs;
  }
  // More reads until the wanted edge count: jobs joining several inputs.
  for (let guard = 0; edges.length < edgeTarget && guard < edgeTarget * 20; guard++) {
    const job = jobs[Math.floor(rand() * jobs.length)];
    const input = pickInput(job.stage, job.ns);
    if (input) {addEdge(input, job.id);}
  }
  return { nodes, edges };
}

const freshness = ['fresh', 'fresh', 'fresh', 'warning', 'stale', 'unknown'] as const;
const runStates = ['COMPLETE', 'COMPLETE', 'COMPLETE', 'FAIL', 'RUNNING', null] as const;

/** The collector's lineage frames (`nodes`, `edges`) for a synthetic graph, with varied health. */
export function syntheticLineageFrames(graph: SyntheticLineage, refId = 'A'): DataFrameJson[] {
  const { nodes, edges } = graph;
  const isJob = (index: number) => nodes[index].kind === 'job';
  const pick = <T>(list: readonly T[], index: number) => list[(index * 7 + 3) % list.length];
  const meta = { preferredVisualisationType: 'nodeGraph' as const };
  return [
    {
      name: 'nodes',
      refId,
      meta,
      fields: [
        { name: 'id', type: 'string', values: nodes.map((n) => n.id) },
        { name: 'title', type: 'string', values: nodes.map((n) => n.name) },
        { name: 'subtitle', type: 'string', values: nodes.map((n) => n.namespace) },
        { name: 'mainstat', type: 'string', values: nodes.map((n, i) => (isJob(i) ? (pick(runStates, i) ?? 'no runs') : pick(freshness, i))) },
        { name: 'detail__kind', type: 'string', values: nodes.map((n) => n.kind) },
        { name: 'detail__namespace', type: 'string', values: nodes.map((n) => n.namespace) },
        { name: 'detail__owners', type: 'string', values: nodes.map((n, i) => `team-${i % 13}`) },
        { name: 'detail__last_run_state', type: 'string', values: nodes.map((_, i) => (isJob(i) ? pick(runStates, i) : null)) },
        { name: 'detail__freshness_status', type: 'string', values: nodes.map((_, i) => (isJob(i) ? null : pick(freshness, i))) },
        { name: 'detail__freshness_age', type: 'number', values: nodes.map((_, i) => (isJob(i) ? null : (i * 977) % 200_000)) },
        {
          name: 'detail__quality_pass_ratio',
          type: 'number',
          values: nodes.map((_, i) => (isJob(i) || i % 3 === 0 ? null : i % 5 === 0 ? 0.5 : 1)),
        },
      ],
    },
    {
      name: 'edges',
      refId,
      meta,
      fields: [
        { name: 'id', type: 'string', values: edges.map((e) => `${e.source}->${e.target}`) },
        { name: 'source', type: 'string', values: edges.map((e) => e.source) },
        { name: 'target', type: 'string', values: edges.map((e) => e.target) },
      ],
    },
  ];
}
