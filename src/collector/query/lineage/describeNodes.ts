import { type FreshnessVerdict, createScheduleMemo, evaluateFreshness } from '../../sla/freshnessStatus';
import type { SlaResolver } from '../../sla/slaResolver';
import type { GraphNode } from './lineageGraph';
import type { DatasetFacts, JobFacts, NodeFacts } from './loadNodeFacts';
import { type NodeHealth, datasetHealth, jobHealth } from './nodeHealth';

/** One node with everything the frames show about it. */
export interface NodeView {
  node: GraphNode;
  /** owners after SLA config and ownership facets are merged */
  owners: string[];
  health: NodeHealth;
  /** datasets only: the freshness verdict (src/collector/sla/freshnessStatus.ts) and the update it measured */
  freshness: (FreshnessVerdict & { lastUpdateAt: number | null }) | null;
  job: JobFacts | null;
  dataset: DatasetFacts | null;
}

/** Pure: joins graph nodes with their stored facts and SLAs, measured at `now`; keyed by node. */
export function describeNodes(nodes: Iterable<GraphNode>, facts: NodeFacts<GraphNode>, slas: SlaResolver, now: number): Map<GraphNode, NodeView> {
  const views = new Map<GraphNode, NodeView>();
  const memo = createScheduleMemo();
  for (const node of nodes) {
    const key = { namespace: node.namespace, name: node.name };
    if (node.kind === 'job') {
      const job = facts.jobs.get(node) ?? null;
      const sla = slas.forJob(key, job?.slaFacts ?? {});
      views.set(node, {
        node,
        owners: sla.owners,
        health: jobHealth(job?.latestRunState ?? null),
        freshness: null,
        job,
        dataset: null,
      });
      continue;
    }
    const dataset = facts.datasets.get(node) ?? null;
    const sla = slas.forDataset(key, dataset?.slaFacts ?? {});
    // The last successful update: the later of the last complete write and dbt's max_loaded_at.
    const lastUpdateAt = latest(dataset?.lastWrittenAt ?? null, dataset?.maxLoadedAt ?? null);
    const freshness: NodeView['freshness'] = Object.assign(evaluateFreshness(lastUpdateAt, sla, now, memo), { lastUpdateAt });
    views.set(node, {
      node,
      owners: sla.owners,
      health: datasetHealth(freshness.status, dataset?.quality ?? null, sla.minQualityPassRatio),
      freshness,
      job: null,
      dataset,
    });
  }
  return views;
}

const latest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));
