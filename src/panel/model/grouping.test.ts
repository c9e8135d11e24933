import { describe, expect, it } from 'vitest';

import { pipelineGraph } from '../testing/testFrames';
import { buildView, chooseCollapsed, namespacesOf } from './grouping';

describe('namespace grouping', () => {
  it('lists namespaces with their sizes', () => {
    expect(namespacesOf(pipelineGraph())).toEqual([
      { namespace: 'airflow', size: 1, jobs: 1, datasets: 0 },
      { namespace: 'cron', size: 1, jobs: 1, datasets: 0 },
      { namespace: 'dbt', size: 1, jobs: 1, datasets: 0 },
      { namespace: 'pg', size: 3, jobs: 0, datasets: 3 },
      { namespace: 'snowflake', size: 2, jobs: 0, datasets: 2 },
    ]);
  });

  it('folds a collapsed namespace into one node with its edges merged', () => {
    const graph = pipelineGraph();
    const view = buildView(graph, new Set(['pg']));
    expect(view.nodes).toHaveLength(6);
    const group = view.nodes.find((n) => n.group)!;
    expect(group).toMatchObject({ key: 'namespace:pg', namespace: 'pg', datasets: 3, jobs: 0 });
    expect(group.members).toHaveLength(3);
    // raw_orders -> load_orders -> orders becomes pg <-> load_orders; orders and customers -> build_marts merge.
    const g = view.nodes.indexOf(group);
    const intoMarts = view.edges.filter((e) => e.source === g && view.nodes[e.target].key === 'job:dbt:build_marts');
    expect(intoMarts).toHaveLength(1);
    expect(intoMarts[0].edges).toHaveLength(2);
    expect(view.edges).toHaveLength(6);
    expect(view.viewOfNode[graph.byId.get('dataset:pg:orders')!]).toBe(g);
  });

  it('leaves the view as the graph when nothing is collapsed', () => {
    const graph = pipelineGraph();
    const view = buildView(graph, new Set());
    expect(view.nodes.map((n) => n.key)).toEqual(graph.nodes.map((n) => n.id));
    expect(view.edges).toHaveLength(graph.edges.length);
  });

  it('collapses the biggest namespaces until under the maximum', () => {
    const namespaces = [
      { namespace: 'a', size: 500, jobs: 200, datasets: 300 },
      { namespace: 'b', size: 300, jobs: 100, datasets: 200 },
      { namespace: 'c', size: 100, jobs: 50, datasets: 50 },
    ];
    expect(chooseCollapsed(namespaces, { maxNodes: 1000, groupByNamespace: false })).toEqual({ collapsed: new Set(), auto: [] });
    expect(chooseCollapsed(namespaces, { maxNodes: 450, groupByNamespace: false })).toEqual({ collapsed: new Set(['a']), auto: ['a'] });
    expect(chooseCollapsed(namespaces, { maxNodes: 150, groupByNamespace: false }).auto).toEqual(['a', 'b']);
    // The focused node's namespace stays open; the user's choices win.
    expect(chooseCollapsed(namespaces, { maxNodes: 450, groupByNamespace: false, keepOpen: 'a' }).auto).toEqual(['b', 'c']);
    expect(chooseCollapsed(namespaces, { maxNodes: 650, groupByNamespace: false, overrides: new Map([['a', false]]) }).auto).toEqual(['b']);
  });

  it('collapses every namespace when grouping by namespace, except those opened', () => {
    const namespaces = namespacesOf(pipelineGraph());
    const choice = chooseCollapsed(namespaces, { maxNodes: 100, groupByNamespace: true, overrides: new Map([['pg', false]]) });
    expect([...choice.collapsed].sort()).toEqual(['airflow', 'cron', 'dbt', 'snowflake']);
    expect(choice.auto).toEqual([]);
  });
});
