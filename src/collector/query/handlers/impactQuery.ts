import type { FrameMeta } from '../../../contract/frames';
import { formatNodeId } from '../../../contract/nodeIds';
import { booleanField, numberField, stringField, tableFrame, timeField } from '../frameBuilders';
import { type QueryHandler, QueryError } from '../queryContext';
import { describeNodes } from '../lineage/describeNodes';
import { depthParam, nodeLimitParam, nodeParam } from '../lineage/lineageTargets';
import { loadLineageAround } from '../lineage/loadLineageAround';
import { loadNodeFacts, nodeCreatedAt } from '../lineage/loadNodeFacts';
import { roundAge } from '../lineage/nodeGraphFrames';

/** Impact looks far by default: everything downstream within 20 hops (10 jobs deep). */
export const defaultImpactDepth = 20;

/**
 * `impact`: everything downstream of a node, nearest first, with its depth (hops), whether it
 * is directly affected (at most one job away), owners and freshness. meta.custom.summary counts
 * the affected datasets and jobs, the distinct owners to tell, and the datasets already stale.
 */
export const impactQuery: QueryHandler<'impact'> = async (target, context) => {
  const center = nodeParam(target.node);
  const depth = depthParam(target.depth, defaultImpactDepth);
  const maxNodes = nodeLimitParam(target.limit);
  const centerId = formatNodeId(center);
  if ((await nodeCreatedAt(context.db, center)) === null) {
    throw new QueryError('node', `no ${center.kind} "${centerId}" is known to the collector`);
  }
  const graph = await loadLineageAround(context, { center, direction: 'downstream', depth, maxNodes });
  const facts = await loadNodeFacts(context, graph.nodes.values(), context.now);
  const views = describeNodes(graph.nodes.values(), facts, context.slas, context.now);
  const rows = [...views.values()]
    .filter((v) => v.node.id !== centerId)
    .sort((a, b) => a.node.depth - b.node.depth || (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));

  const datasets = rows.filter((v) => v.node.kind === 'dataset');
  const jobs = rows.filter((v) => v.node.kind === 'job');
  const owners = [...new Set(rows.flatMap((v) => v.owners))].sort();
  const stale = datasets.filter((v) => v.freshness?.status === 'stale').map((v) => v.node.id);
  const summary = {
    node: centerId,
    depth,
    affectedDatasets: datasets.length,
    affectedJobs: jobs.length,
    directlyAffected: rows.filter((v) => v.node.depth <= 2).length,
    distinctOwners: owners.length,
    owners,
    staleDatasets: stale.length,
    stale,
    warningDatasets: datasets.filter((v) => v.freshness?.status === 'warning').length,
    failingJobs: jobs.filter((v) => v.health.level === 'failing').length,
    truncated: graph.truncated,
  };
  const notices: NonNullable<FrameMeta['notices']> = graph.truncated
    ? [{ severity: 'warning', text: `more than ${maxNodes} nodes downstream: the farthest were left out (raise limit)` }]
    : [];

  return [
    tableFrame(
      [
        stringField('node', rows.map((v) => v.node.id), { displayName: 'Node' }),
        stringField('kind', rows.map((v) => v.node.kind), { displayName: 'Kind' }),
        stringField('namespace', rows.map((v) => v.node.namespace), { displayName: 'Namespace' }),
        stringField('name', rows.map((v) => v.node.name), { displayName: 'Name' }),
        numberField('depth', rows.map((v) => v.node.depth), { displayName: 'Depth', description: 'hops downstream of the node' }),
        booleanField('direct', rows.map((v) => v.node.depth <= 2), {
          displayName: 'Direct',
          description: 'at most one job away: the readers of a dataset and what they write, or what a job writes and its readers',
        }),
        stringField('owners', rows.map((v) => v.owners.join(', ')), { displayName: 'Owners' }),
        stringField('health', rows.map((v) => v.health.level), { displayName: 'Health' }),
        stringField('last_run_state', rows.map((v) => v.job?.latestRunState ?? null), { displayName: 'Last run state' }),
        stringField('freshness_status', rows.map((v) => v.freshness?.status ?? null), { displayName: 'Freshness' }),
        numberField('age', rows.map((v) => roundAge(v.freshness?.ageSeconds)), { displayName: 'Age', unit: 's' }),
        timeField('last_updated_at', rows.map((v) => v.freshness?.lastUpdateAt ?? null), { displayName: 'Last updated' }),
        booleanField('stale', rows.map((v) => (v.node.kind === 'dataset' ? v.freshness?.status === 'stale' : null)), {
          displayName: 'Already stale',
        }),
      ],
      { name: 'impact', refId: target.refId, meta: { custom: { summary }, ...(notices.length > 0 ? { notices } : {}) } },
    ),
  ];
};
