import { createDataFrame, FieldType, toDataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { edgesFrame, graphOf, nodesFrame, pipelineGraph, syntheticFrames } from '../testing/testFrames';
import { isColumnNodeId, looseName, readLineageFrames } from './graphModel';

describe('readLineageFrames', () => {
  it('reads the collector lineage frames: kinds, namespaces and details', () => {
    const graph = pipelineGraph();
    expect(graph.nodes).toHaveLength(8);
    expect(graph.edges).toHaveLength(7);
    const orders = graph.nodes[graph.byId.get('dataset:pg:orders')!];
    expect(orders).toMatchObject({
      kind: 'dataset',
      namespace: 'pg',
      name: 'orders',
      title: 'orders',
      freshnessStatus: 'stale',
      ageSeconds: 7200,
      qualityPassRatio: 0.5,
      failingChecks: ['not_null_id'],
      owners: ['team-core'],
      placeholder: false,
    });
    expect(graph.nodes[graph.byId.get('job:airflow:load_orders')!]).toMatchObject({ kind: 'job', lastRunState: 'FAIL' });
    expect(graph.out[graph.byId.get('job:dbt:build_marts')!]).toHaveLength(2);
    expect(graph.in[graph.byId.get('job:dbt:build_marts')!]).toHaveLength(2);
    expect(graph.warnings).toEqual([]);
  });

  it('reads detail fields whatever their spelling', () => {
    const graph = graphOf([
      nodesFrame([{ id: 'job:a:x', detail__lastRunState: 'complete', 'detail__Freshness status': 'Warning', detail__Owners: 'a,b' }]),
    ]);
    expect(graph.nodes[0]).toMatchObject({ lastRunState: 'COMPLETE', freshnessStatus: 'warning', owners: ['a', 'b'] });
    expect(looseName('detail__Last run-state')).toBe('lastrunstate');
  });

  it("reads the collector's quality verdict beside the pass ratio, without taking one for the other", () => {
    const graph = graphOf([
      nodesFrame([
        { id: 'dataset:a:judged', detail__quality_pass_ratio: 0.97, detail__quality_status: 'Warning' },
        { id: 'dataset:a:ratio_only', detail__quality_pass_ratio: 0.97 },
      ]),
    ]);
    expect(graph.nodes[0]).toMatchObject({ qualityPassRatio: 0.97, qualityStatus: 'warning' });
    expect(graph.nodes[1].qualityStatus).toBeUndefined();
    expect(graph.nodes[1].qualityPassRatio).toBe(0.97);
  });

  it('reads frames as the data source delivers them (DataFrameJSON through toDataFrame)', () => {
    const graph = graphOf(syntheticFrames(50));
    expect(graph.nodes).toHaveLength(50);
    expect(graph.edges.length).toBeGreaterThanOrEqual(90);
    expect(graph.nodes.filter((n) => n.kind === 'job').length).toBe(20);
  });

  it('draws plain Node Graph frames with only id, source and target', () => {
    const graph = graphOf([
      createDataFrame({ fields: [{ name: 'id', type: FieldType.string, values: ['a', 'b'] }] }),
      createDataFrame({
        fields: [
          { name: 'source', type: FieldType.string, values: ['a'] },
          { name: 'target', type: FieldType.string, values: ['b'] },
        ],
      }),
    ]);
    expect(graph.nodes.map((n) => [n.id, n.kind, n.title, n.namespace])).toEqual([
      ['a', 'other', 'a', ''],
      ['b', 'other', 'b', ''],
    ]);
    expect(graph.edges).toHaveLength(1);
  });

  it('takes a frame with an id field and source/target for edges, not nodes', () => {
    const graph = graphOf([edgesFrame([['job:a:x', 'dataset:a:y']]), nodesFrame([{ id: 'job:a:x' }, { id: 'dataset:a:y' }], undefined)]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['job:a:x', 'dataset:a:y']);
    expect(graph.warnings).toEqual([]);
  });

  it('keeps a Grafana colour field and arcs for frames without health details', () => {
    const frame = toDataFrame({
      name: 'nodes',
      fields: [
        { name: 'id', type: 'string', values: ['svc'] },
        { name: 'color', type: 'string', values: ['red'] },
        { name: 'arc__errors', type: 'number', values: [0.25], config: { color: { mode: 'fixed', fixedColor: 'red' }, displayName: 'Errors' } },
        { name: 'arc__ok', type: 'number', values: [0.75] },
      ],
    });
    const graph = graphOf([frame]);
    expect(graph.nodes[0].color).toBe('red');
    expect(graph.nodes[0].arcs).toEqual([
      { name: 'Errors', value: 0.25, color: 'red' },
      { name: 'ok', value: 0.75, color: undefined },
    ]);
  });

  it('decodes percent-encoded namespaces in node ids', () => {
    const graph = graphOf([nodesFrame([{ id: 'dataset:postgres%3A//db%3A5432:public.orders' }])]);
    expect(graph.nodes[0]).toMatchObject({ namespace: 'postgres://db:5432', name: 'public.orders', title: 'public.orders' });
  });

  it('makes placeholder nodes for edges to unknown ids and says so', () => {
    const graph = graphOf([nodesFrame([{ id: 'job:a:x' }]), edgesFrame([['job:a:x', 'dataset:a:ghost']])]);
    expect(graph.nodes[1]).toMatchObject({ id: 'dataset:a:ghost', kind: 'dataset', placeholder: true });
    expect(graph.warnings).toEqual(['1 node named by edges is missing from the nodes frame (first: dataset:a:ghost); drawn without health.']);
  });

  it('draws an edges frame alone, saying the nodes came from the edges', () => {
    const graph = graphOf([edgesFrame([['a', 'b'], ['b', 'c']])]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(graph.warnings[0]).toMatch(/No nodes frame/);
  });

  it('skips empty ids, duplicates and half edges with a count of each', () => {
    const graph = graphOf([
      nodesFrame([{ id: 'a' }, { id: '' }, { id: 'a' }, { id: 'b' }]),
      createDataFrame({
        name: 'edges',
        fields: [
          { name: 'source', type: FieldType.string, values: ['a', null] },
          { name: 'target', type: FieldType.string, values: ['b', 'b'] },
        ],
      }),
    ]);
    expect(graph.nodes).toHaveLength(2);
    expect(graph.edges).toHaveLength(1);
    expect(graph.warnings).toEqual([
      '1 row of the nodes frame had an empty id and was left out.',
      '1 node id appeared more than once; the first row of each was kept.',
      '1 edge had an empty source or target and was left out.',
    ]);
  });

  it('names the missing field when an edges frame lacks target', () => {
    const graph = graphOf([
      nodesFrame([{ id: 'a' }]),
      createDataFrame({ name: 'edges', fields: [{ name: 'source', type: FieldType.string, values: ['a'] }, { name: 'to', type: FieldType.string, values: ['b'] }] }),
    ]);
    expect(graph.warnings).toEqual(['An edges frame has no "target" field (it has fields "source", "to"); its edges were left out.']);
  });

  it('answers a problem, never a crash, for empty or unrelated data', () => {
    expect(readLineageFrames([]).problem?.title).toBe('No lineage data');
    expect(readLineageFrames([createDataFrame({ fields: [{ name: 'value', type: FieldType.number, values: [1] }] })]).problem?.title).toBe('No lineage data');
    // What the collector answers when nothing matches: both frames, with fields and no rows.
    const emptyNodes = createDataFrame({ name: 'nodes', fields: [{ name: 'id', type: FieldType.string, values: [] }] });
    expect(readLineageFrames([emptyNodes, edgesFrame([])]).problem).toEqual({
      title: 'No lineage data',
      detail: expect.stringContaining('empty graph'),
    });
  });

  it('names the missing id field of a frame called nodes', () => {
    const problem = readLineageFrames([createDataFrame({ name: 'nodes', fields: [{ name: 'title', type: FieldType.string, values: ['x'] }] })]).problem;
    expect(problem?.title).toBe('The lineage frames lack the fields to draw them');
    expect(problem?.detail).toContain('A nodes frame has no "id" field (it has fields "title"); its rows were left out.');
  });

  it('sets column-level frames apart from the dataset graph', () => {
    const graph = graphOf([
      nodesFrame([{ id: 'dataset:a:x' }, { id: 'dataset:a:y' }]),
      edgesFrame([['dataset:a:x', 'dataset:a:y']]),
      nodesFrame([{ id: 'dataset:a:x#c1' }, { id: 'dataset:a:y#c2' }]),
      edgesFrame([['dataset:a:x#c1', 'dataset:a:y#c2']]),
    ]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['dataset:a:x', 'dataset:a:y']);
    expect(graph.columnEdges).toEqual([{ sourceDataset: 'dataset:a:x', sourceColumn: 'c1', targetDataset: 'dataset:a:y', targetColumn: 'c2', transformation: undefined }]);
    expect(isColumnNodeId('dataset:a:x#c1')).toBe(true);
    expect(isColumnNodeId('job:a:x')).toBe(false);
  });

  it('explains a result holding only column lineage', () => {
    const problem = readLineageFrames([nodesFrame([{ id: 'dataset:a:x#c1' }]), edgesFrame([['dataset:a:x#c1', 'dataset:a:y#c2']])]).problem;
    expect(problem?.title).toBe('Only column lineage in the result');
  });

  it('gives the same structure key to the same graph and a new one when edges change', () => {
    const a = pipelineGraph();
    const b = pipelineGraph();
    expect(a.structureKey).toBe(b.structureKey);
    const c = graphOf([nodesFrame([{ id: 'a' }, { id: 'b' }]), edgesFrame([['a', 'b']])]);
    const d = graphOf([nodesFrame([{ id: 'a' }, { id: 'b' }]), edgesFrame([['b', 'a']])]);
    expect(c.structureKey).not.toBe(d.structureKey);
  });
});
