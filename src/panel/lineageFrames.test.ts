import { createDataFrame, FieldType } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { findLineageGraph } from './lineageFrames';

describe('findLineageGraph', () => {
  it('recognises unnamed frames by their fields', () => {
    const nodes = createDataFrame({ fields: [{ name: 'id', type: FieldType.string, values: ['job:a:x', 'job:a:y'] }] });
    const edges = createDataFrame({
      fields: [
        { name: 'source', type: FieldType.string, values: ['job:a:x'] },
        { name: 'target', type: FieldType.string, values: ['job:a:y'] },
      ],
    });
    // Edges first: an edges frame also has an id field and must not be taken for nodes.
    expect(findLineageGraph([edges, nodes])).toEqual({ nodeNames: ['job:a:x', 'job:a:y'], edgeCount: 1 });
  });

  it('answers undefined without a nodes frame', () => {
    expect(findLineageGraph([])).toBeUndefined();
  });
});
