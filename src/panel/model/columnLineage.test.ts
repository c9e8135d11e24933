import { createDataFrame, FieldType } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { edgesFrame } from '../testing/testFrames';
import { columnsOfDataset, datasetColumnLinks, readColumnLineage, splitColumnId } from './columnLineage';

// The collector's columnLineage table frame.
const table = createDataFrame({
  name: 'columnLineage',
  fields: [
    { name: 'dataset', type: FieldType.string, values: ['dataset:pg:orders', 'dataset:pg:orders', 'dataset:sf:revenue'] },
    { name: 'column', type: FieldType.string, values: ['total', 'customer_id', 'amount'] },
    { name: 'input_dataset', type: FieldType.string, values: ['dataset:pg:raw_orders', 'dataset:pg:raw_orders', 'dataset:pg:orders'] },
    { name: 'input_column', type: FieldType.string, values: ['amount', 'customer_id', 'total'] },
    { name: 'transformation', type: FieldType.string, values: ['SUM', null, 'IDENTITY'] },
    { name: 'depth', type: FieldType.number, values: [1, 1, 2] },
  ],
});

describe('column lineage', () => {
  it('reads the columnLineage table frame', () => {
    expect(readColumnLineage([table])).toEqual([
      { targetDataset: 'dataset:pg:orders', targetColumn: 'total', sourceDataset: 'dataset:pg:raw_orders', sourceColumn: 'amount', transformation: 'SUM' },
      { targetDataset: 'dataset:pg:orders', targetColumn: 'customer_id', sourceDataset: 'dataset:pg:raw_orders', sourceColumn: 'customer_id', transformation: undefined },
      { targetDataset: 'dataset:sf:revenue', targetColumn: 'amount', sourceDataset: 'dataset:pg:orders', sourceColumn: 'total', transformation: 'IDENTITY' },
    ]);
  });

  it('reads column node graph frames and drops duplicates of the table', () => {
    const edges = edgesFrame([['dataset:pg:raw_orders#amount', 'dataset:pg:orders#total']]);
    expect(readColumnLineage([table, edges])).toHaveLength(3);
    expect(readColumnLineage([edges])[0]).toMatchObject({ sourceColumn: 'amount', targetColumn: 'total' });
    // A dataset-level edges frame holds no column edges.
    expect(readColumnLineage([edgesFrame([['dataset:a:x', 'dataset:a:y']])])).toEqual([]);
  });

  it('splits column ids at the last #', () => {
    expect(splitColumnId('dataset:pg:weird#name#col')).toEqual({ dataset: 'dataset:pg:weird#name', column: 'col' });
    expect(splitColumnId('job:a:b#c')).toBeUndefined();
  });

  it('lists a dataset\u2019s columns with where they come from and go', () => {
    const columns = columnsOfDataset(readColumnLineage([table]), 'dataset:pg:orders');
    expect(columns.inputs.map((c) => c.column)).toEqual(['customer_id', 'total']);
    expect(columns.inputs[1].from).toEqual([{ dataset: 'dataset:pg:raw_orders', column: 'amount', transformation: 'SUM' }]);
    expect(columns.outputs).toEqual([{ column: 'total', to: [{ dataset: 'dataset:sf:revenue', column: 'amount', transformation: 'IDENTITY' }] }]);
  });

  it('folds column edges into dataset-to-dataset links', () => {
    const edges = readColumnLineage([table]);
    expect(datasetColumnLinks(edges)).toEqual([
      { source: 'dataset:pg:raw_orders', target: 'dataset:pg:orders', columns: ['amount \u2192 total', 'customer_id'] },
      { source: 'dataset:pg:orders', target: 'dataset:sf:revenue', columns: ['total \u2192 amount'] },
    ]);
    expect(datasetColumnLinks(edges, 'dataset:sf:revenue')).toHaveLength(1);
  });
});
