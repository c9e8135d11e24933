import type { FrameMeta } from '../../../contract/frames';
import { formatNodeId } from '../../../contract/nodeIds';
import { type QueryHandler, QueryError } from '../queryContext';
import { describeNodes } from '../lineage/describeNodes';
import { LineageGraph, defaultLineageDepth } from '../lineage/lineageGraph';
import { asOfParam, depthParam, directionParam, nodeLimitParam, nodeParam, optionalString } from '../lineage/lineageTargets';
import { loadLineageAround } from '../lineage/loadLineageAround';
import { loadNamespaceLineage } from '../lineage/loadNamespaceLineage';
import { loadNodeFacts, nodeCreatedAt } from '../lineage/loadNodeFacts';
import { nodeGraphFrames } from '../lineage/nodeGraphFrames';

/**
 * `lineage`: the graph around a node (upstream, downstream or both, `depth` hops, default 5,
 * at most 50) or, without a node, a whole namespace; `asOf` keeps only edges first seen (and
 * nodes created) by then. Answers Grafana Node Graph frames `nodes` and `edges` with health on
 * the nodes. `limit` caps the node count (default 10,000): the farthest nodes are cut first.
 */
export const lineageQuery: QueryHandler<'lineage'> = async (target, context) => {
  const asOf = asOfParam(target.asOf, context.now);
  const maxNodes = nodeLimitParam(target.limit);
  const direction = directionParam(target.direction);
  const depth = depthParam(target.depth, defaultLineageDepth);
  const namespace = optionalString(target.namespace, 'namespace');
  const nodeGiven = target.node !== undefined && target.node !== null && (target.node as unknown) !== '';
  const notices: NonNullable<FrameMeta['notices']> = [];
  let graph: LineageGraph;
  let custom: Record<string, unknown>;

  if (nodeGiven) {
    const center = nodeParam(target.node);
    const centerId = formatNodeId(center);
    const createdAt = await nodeCreatedAt(context.db, center);
    if (createdAt === null) throw new QueryError('node', `no ${center.kind} "${centerId}" is known to the collector`);
    custom = { direction, depth };
    if (asOf !== undefined && createdAt > asOf) {
      graph = new LineageGraph(centerId);
      notices.push({ severity: 'info', text: `${centerId} was first seen ${new Date(createdAt).toISOString()}, after ${new Date(asOf).toISOString()}` });
    } else {
      graph = await loadLineageAround(context, { center, direction, depth, asOf, maxNodes });
    }
  } else if (namespace !== undefined) {
    custom = { namespace };
    graph = await loadNamespaceLineage(context.db, { namespace, asOf, maxNodes });
    if (graph.nodes.size === 0) notices.push({ severity: 'info', text: `no job or dataset in namespace "${namespace}"${asOf !== undefined ? ' at that time' : ''}` });
  } else {
    throw new QueryError('node', 'lineage needs a node id (node) or a whole namespace (namespace)');
  }

  if (asOf !== undefined) {
    custom.asOf = asOf;
    notices.push({ severity: 'info', text: `graph as of ${new Date(asOf).toISOString()}; health shows the current state` });
  }
  if (graph.truncated) {
    notices.push({ severity: 'warning', text: `the graph holds more than ${maxNodes} nodes: the farthest were left out (raise limit or lower depth)` });
  }
  const facts = await loadNodeFacts(context, graph.nodes.values(), context.now);
  const views = describeNodes(graph.nodes.values(), facts, context.slas, context.now);
  return nodeGraphFrames(graph, views, { now: context.now, refId: target.refId, custom, notices });
};
