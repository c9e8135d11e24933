import { describe, expect, it } from 'vitest';

import { graphOf, nodesFrame } from '../testing/testFrames';
import { labelReader, NO_LABEL } from './labels';

const graph = graphOf([
  nodesFrame([
    { id: 'dataset:pg:orders', title: 'Orders table', subtitle: 'pg', mainstat: 'fresh', detail__rows: 1200, detail__owners: 'team-a' },
    { id: 'job:af:load', detail__rows: null },
  ]),
]);

describe('labelReader', () => {
  it('reads built-in labels and any field of the nodes frame', () => {
    const [orders, load] = graph.nodes;
    expect(labelReader(graph, 'title', true)(orders)).toBe('Orders table');
    expect(labelReader(graph, 'name', true)(orders)).toBe('orders');
    expect(labelReader(graph, 'id', true)(orders)).toBe('dataset:pg:orders');
    expect(labelReader(graph, 'detail__rows', true)(orders)).toBe('1200');
    expect(labelReader(graph, 'detail__owners', false)(orders)).toBe('team-a');
    // A field without a value: the title (first line) or nothing (second line).
    expect(labelReader(graph, 'detail__rows', true)(load)).toBe('load');
    expect(labelReader(graph, 'detail__rows', false)(load)).toBeUndefined();
  });

  it('falls back when the field is not in the frame, and hides the second line on "none"', () => {
    const [orders, load] = graph.nodes;
    expect(labelReader(graph, 'no_such_field', true)(orders)).toBe('Orders table');
    expect(labelReader(graph, NO_LABEL, false)(orders)).toBeUndefined();
    expect(labelReader(graph, 'subtitle', false)(load)).toBe('af');
    expect(labelReader(graph, '', true)(load)).toBe('load');
  });
});
