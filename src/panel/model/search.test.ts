import { describe, expect, it } from 'vitest';

import { graphOf, nodesFrame, pipelineGraph } from '../testing/testFrames';
import { searchNodes } from './search';

describe('searchNodes', () => {
  it('ranks exact, prefix, word and substring title matches in that order', () => {
    const graph = graphOf([
      nodesFrame([{ id: 'dataset:a:my_orders' }, { id: 'dataset:a:orders_daily' }, { id: 'dataset:a:orders' }, { id: 'dataset:a:preorders' }, { id: 'job:orders_ns:load' }]),
    ]);
    expect(searchNodes(graph.nodes, 'ORDERS').map((hit) => graph.nodes[hit.index].title)).toEqual(['orders', 'orders_daily', 'my_orders', 'preorders', 'load']);
  });

  it('marks where the title matched, for highlighting', () => {
    const graph = pipelineGraph();
    const [hit] = searchNodes(graph.nodes, 'revenue');
    expect(graph.nodes[hit.index].title).toBe('daily_revenue');
    expect(hit).toMatchObject({ at: 6, length: 7 });
  });

  it('needs every word to match, anywhere in title, id or namespace', () => {
    const graph = pipelineGraph();
    expect(searchNodes(graph.nodes, 'snowflake ltv').map((hit) => graph.nodes[hit.index].title)).toEqual(['customer_ltv']);
    expect(searchNodes(graph.nodes, '  ')).toEqual([]);
    expect(searchNodes(graph.nodes, 'nothing-like-this')).toEqual([]);
  });

  it('limits the results', () => {
    const graph = pipelineGraph();
    expect(searchNodes(graph.nodes, 'o', 3)).toHaveLength(3);
  });

  it('matches hostile names as plain text', () => {
    const graph = graphOf([nodesFrame([{ id: 'dataset:x:<img src=x onerror=alert(1)>' }])]);
    expect(searchNodes(graph.nodes, '<img')).toHaveLength(1);
    expect(searchNodes(graph.nodes, '(1)>')).toHaveLength(1);
  });
});
