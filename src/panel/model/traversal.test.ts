import { describe, expect, it } from 'vitest';

import { edgesFrame, graphOf, nodesFrame, pipelineGraph } from '../testing/testFrames';
import { highlight, impactOf, reachable, Relation } from './traversal';

const ids = (graph: ReturnType<typeof pipelineGraph>, mask: Uint8Array) => graph.nodes.filter((n) => mask[n.index]).map((n) => n.title);

describe('traversal', () => {
  it('finds everything upstream and downstream of a node', () => {
    const graph = pipelineGraph();
    const orders = graph.byId.get('dataset:pg:orders')!;
    expect(ids(graph, reachable(graph, orders, 'upstream'))).toEqual(['raw_orders', 'load_orders']);
    expect(ids(graph, reachable(graph, orders, 'downstream'))).toEqual(['build_marts', 'daily_revenue', 'customer_ltv', 'export']);
  });

  it('lights the focus, its upstream and downstream, and only the edges on paths through it', () => {
    const graph = pipelineGraph();
    const marts = graph.byId.get('job:dbt:build_marts')!;
    const lit = highlight(graph, marts);
    expect(lit.upstreamCount).toBe(4);
    expect(lit.downstreamCount).toBe(3);
    expect(lit.nodes[marts]).toBe(Relation.Focus);
    expect(lit.nodes[graph.byId.get('dataset:pg:customers')!]).toBe(Relation.Upstream);
    expect(lit.nodes[graph.byId.get('job:cron:export')!]).toBe(Relation.Downstream);
    const litEdges = graph.edges.filter((e) => lit.edges[e.index] !== Relation.None).length;
    expect(litEdges).toBe(7);
    // From customers, the orders branch is neither upstream nor downstream.
    const fromCustomers = highlight(graph, graph.byId.get('dataset:pg:customers')!);
    expect(fromCustomers.nodes[graph.byId.get('dataset:pg:orders')!]).toBe(Relation.None);
    expect(fromCustomers.edges[0]).toBe(Relation.None);
  });

  it('shows only downstream in impact mode', () => {
    const graph = pipelineGraph();
    const lit = highlight(graph, graph.byId.get('dataset:pg:orders')!, true);
    expect(lit.upstreamCount).toBe(0);
    expect(lit.downstreamCount).toBe(4);
  });

  it('counts the impact: affected datasets and jobs, owners to tell, stale and failing', () => {
    const graph = pipelineGraph();
    const impact = impactOf(graph, graph.byId.get('dataset:pg:raw_orders')!);
    expect(impact).toMatchObject({
      node: 'dataset:pg:raw_orders',
      affectedDatasets: 3, // orders, daily_revenue, customer_ltv
      affectedJobs: 3, // load_orders, build_marts, export
      owners: ['team-analytics', 'team-core', 'team-finance', 'team-growth', 'team-ingest'],
      staleDatasets: 1,
      failingJobs: 1,
    });
    expect(impact.nodes.map((i) => graph.nodes[i].title)).toEqual(['load_orders', 'orders', 'build_marts', 'daily_revenue', 'customer_ltv', 'export']);
  });

  it('terminates on cycles and never counts the focus as its own downstream', () => {
    const graph = graphOf([nodesFrame([{ id: 'job:a:x' }, { id: 'dataset:a:y' }]), edgesFrame([['job:a:x', 'dataset:a:y'], ['dataset:a:y', 'job:a:x']])]);
    const lit = highlight(graph, 0);
    expect(lit.downstreamCount).toBe(1);
    expect(lit.nodes[0]).toBe(Relation.Focus);
    expect(impactOf(graph, 0)).toMatchObject({ affectedDatasets: 1, affectedJobs: 0 });
  });

  it('focuses several nodes at once (a collapsed namespace)', () => {
    const graph = pipelineGraph();
    const pg = graph.nodes.filter((n) => n.namespace === 'pg').map((n) => n.index);
    const lit = highlight(graph, pg);
    expect(pg.every((i) => lit.nodes[i] === Relation.Focus)).toBe(true);
    // load_orders sits between raw_orders and orders: downstream of the group, as is everything after it.
    expect(lit.nodes[graph.byId.get('job:airflow:load_orders')!]).toBe(Relation.Downstream);
    expect(lit.upstreamCount).toBe(0);
    expect(lit.downstreamCount).toBe(5);
    expect(impactOf(graph, pg).affectedDatasets).toBe(2);
  });
});
