import { type FreshnessVerdict, createScheduleMemo, evaluateFreshness } from '../../sla/freshnessStatus';
import { ResolvedSlaMemo } from '../../sla/resolvedSlaMemo';
import type { SlaResolver } from '../../sla/slaResolver';
import type { GraphNode } from './lineageGraph';
import type { DatasetFacts, JobFacts, NodeFacts } from './loadNodeFacts';
import { type HealthLevel, type NodeHealth, datasetHealth, jobHealth, qualityLevel } from './nodeHealth';

/** One node with everything the frames show about it. */
export interface NodeView {
  node: GraphNode;
  /** owners after SLA config and ownership facets are merged */
  owners: string[];
  health: NodeHealth;
  /** datasets with checks: the quality verdict against the SLA's minimum pass ratio */
  quality: HealthLevel | null;
  /** datasets only: the freshness verdict (src/collector/sla/freshnessStatus.ts) and the update it measured */
  freshness: (FreshnessVerdict & { lastUpdateAt: number | null }) | null;
  job: JobFacts | null;
  dataset: DatasetFacts | null;
}

/** Pure: joins graph nodes with their stored facts and SLAs, measured at `now`; keyed by node. */
export function describeNodes(nodes: Iterable<GraphNode>, facts: NodeFacts<GraphNode>, slas: SlaResolver, now: number): Map<GraphNode, NodeView> {
  const views = new Map<GraphNode, NodeView>();
  const memo = createScheduleMemo();
  const resolved = ResolvedSlaMemo.of(slas);
  for (const node of nodes) {
    if (node.kind === 'job') {
      const job = facts.jobs.get(node) ?? null;
      const { sla } = resolved.job(node.namespace, node.name, job?.slaInputs ?? noInputs);
      views.set(node, {
        node,
        owners: sla.owners,
        health: jobHealth(job?.latestRunState ?? null),
        quality: null,
        freshness: null,
        job,
        dataset: null,
      });
      continue;
    }
    const dataset = facts.datasets.get(node) ?? null;
    const { sla } = resolved.dataset(node.namespace, node.name, dataset?.slaInputs ?? noInputs);
    // The last successful update: the later of the last complete write and dbt's max_loaded_at.
    const lastUpdateAt = latest(dataset?.lastWrittenAt ?? null, dataset?.maxLoadedAt ?? null);
    const freshness: NodeView['freshness'] = Object.assign(evaluateFreshness(lastUpdateAt, sla, now, memo), { lastUpdateAt });
    views.set(node, {
      node,
      owners: sla.owners,
      health: datasetHealth(freshness.status, dataset?.quality ?? null, sla.minQualityPassRatio),
      quality: qualityLevel(dataset?.quality ?? null, sla.minQualityPassRatio),
      freshness,
      job: null,
      dataset,
    });
  }
  return views;
}

/** a node the store has no row for */
const noInputs = { owners: null, tags: null };

const latest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));
