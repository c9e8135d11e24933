import type { FrameMeta } from '../../../contract/frames';
import { formatNodeId } from '../../../contract/nodeIds';
import { booleanField, numberField, stringField, tableFrame, visualisedFrame } from '../frameBuilders';
import { type QueryHandler, QueryError } from '../queryContext';
import { defaultLineageDepth } from '../lineage/lineageGraph';
import { asOfParam, depthParam, nodeParam, optionalString } from '../lineage/lineageTargets';
import { type ColumnEdge, columnNodeId, loadColumnLineage } from '../lineage/loadColumnLineage';
import { nodeCreatedAt } from '../lineage/loadNodeFacts';
import { forChunks, keyListCondition } from '../lineage/sqlLists';
import { stringListOf } from '../../store/jsonColumns';

interface ColumnNode {
  id: string;
  datasetId: string;
  namespace: string;
  dataset: string;
  column: string;
  depth: number;
}

/**
 * `columnLineage`: where a dataset's columns (or one `column`) come from, upstream to `depth`
 * hops (default 5, at most 50). Answers a table frame `columnLineage` (dataset, column, input
 * dataset, input column, transformation, depth) and Node Graph frames `nodes` / `edges` whose
 * nodes are columns, `dataset:<namespace>:<name>#<column>`.
 */
export const columnLineageQuery: QueryHandler<'columnLineage'> = async (target, context) => {
  const dataset = nodeParam(target.node, 'node', 'dataset');
  const column = optionalString(target.column, 'column');
  const depth = depthParam(target.depth, defaultLineageDepth);
  const asOf = asOfParam(target.asOf, context.now);
  const datasetId = formatNodeId(dataset);
  if ((await nodeCreatedAt(context.db, dataset)) === null) {
    throw new QueryError('node', `no dataset "${datasetId}" is known to the collector`);
  }
  const edges = await loadColumnLineage(context, { dataset, column, depth, asOf });

  const nodes = new Map<string, ColumnNode>();
  const addColumn = (namespace: string, name: string, col: string, nodeDepth: number) => {
    const id = columnNodeId(namespace, name, col);
    const existing = nodes.get(id);
    if (existing) existing.depth = Math.min(existing.depth, nodeDepth);
    else nodes.set(id, { id, datasetId: formatNodeId({ kind: 'dataset', namespace, name }), namespace, dataset: name, column: col, depth: nodeDepth });
  };
  if (column !== undefined) addColumn(dataset.namespace, dataset.name, column, 0);
  for (const edge of edges) {
    addColumn(edge.datasetNamespace, edge.datasetName, edge.column, edge.depth - 1);
    addColumn(edge.inputNamespace, edge.inputName, edge.inputColumn, edge.depth);
  }
  const pii = await piiColumns(context, [...new Map([...nodes.values()].map((n) => [n.datasetId, n])).values()]);

  const notices: NonNullable<FrameMeta['notices']> =
    edges.length === 0
      ? [{ severity: 'info', text: `no column lineage recorded for ${column === undefined ? datasetId : `${datasetId} column ${column}`}` }]
      : [];
  const custom = { node: datasetId, ...(column !== undefined ? { column } : {}), depth, ...(asOf !== undefined ? { asOf } : {}) };
  const meta = { custom, ...(notices.length > 0 ? { notices } : {}) };
  const nodeRows = [...nodes.values()].sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const edgeRows = dedupeEdges(edges);
  const isPii = (n: ColumnNode) => pii.get(n.datasetId)?.has(n.column) ?? false;

  return [
    tableFrame(
      [
        stringField('dataset', edges.map((e) => formatNodeId({ kind: 'dataset', namespace: e.datasetNamespace, name: e.datasetName })), {
          displayName: 'Dataset',
        }),
        stringField('column', edges.map((e) => e.column), { displayName: 'Column' }),
        stringField('input_dataset', edges.map((e) => formatNodeId({ kind: 'dataset', namespace: e.inputNamespace, name: e.inputName })), {
          displayName: 'Input dataset',
        }),
        stringField('input_column', edges.map((e) => e.inputColumn), { displayName: 'Input column' }),
        stringField('transformation', edges.map((e) => e.transformation), { displayName: 'Transformation' }),
        numberField('depth', edges.map((e) => e.depth), { displayName: 'Depth' }),
      ],
      { name: 'columnLineage', refId: target.refId, meta },
    ),
    visualisedFrame('nodeGraph', {
      name: 'nodes',
      refId: target.refId,
      meta,
      fields: [
        stringField('id', nodeRows.map((n) => n.id)),
        stringField('title', nodeRows.map((n) => n.column), { displayName: 'Column' }),
        stringField('subtitle', nodeRows.map((n) => n.dataset), { displayName: 'Dataset' }),
        stringField('mainstat', nodeRows.map((n) => (isPii(n) ? 'PII' : '')), { displayName: 'Personal data' }),
        stringField('color', nodeRows.map((n) => (isPii(n) ? 'purple' : n.datasetId === datasetId ? 'blue' : '#8e8e8e'))),
        booleanField('highlighted', nodeRows.map((n) => n.datasetId === datasetId && (column === undefined || n.column === column))),
        stringField('detail__dataset', nodeRows.map((n) => n.datasetId), { displayName: 'Dataset' }),
        stringField('detail__namespace', nodeRows.map((n) => n.namespace), { displayName: 'Namespace' }),
        stringField('detail__column', nodeRows.map((n) => n.column), { displayName: 'Column' }),
        booleanField('detail__pii', nodeRows.map(isPii), { displayName: 'PII' }),
        numberField('detail__depth', nodeRows.map((n) => n.depth), { displayName: 'Hops upstream' }),
      ],
    }),
    visualisedFrame('nodeGraph', {
      name: 'edges',
      refId: target.refId,
      meta,
      fields: [
        stringField('id', edgeRows.map((e) => `${e.source}->${e.target}`)),
        stringField('source', edgeRows.map((e) => e.source)),
        stringField('target', edgeRows.map((e) => e.target)),
        stringField('mainstat', edgeRows.map((e) => e.transformation ?? ''), { displayName: 'Transformation' }),
      ],
    }),
  ];
};

function dedupeEdges(edges: ColumnEdge[]): Array<{ source: string; target: string; transformation: string | null }> {
  const out = new Map<string, { source: string; target: string; transformation: string | null }>();
  for (const e of edges) {
    const source = columnNodeId(e.inputNamespace, e.inputName, e.inputColumn);
    const target = columnNodeId(e.datasetNamespace, e.datasetName, e.column);
    const key = `${source}->${target}`;
    if (!out.has(key)) out.set(key, { source, target, transformation: e.transformation });
  }
  return [...out.values()].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : a.source < b.source ? -1 : 1));
}

/** The personal-data columns of each dataset, by dataset node id. */
async function piiColumns(
  context: Parameters<QueryHandler<'columnLineage'>>[1],
  datasets: ColumnNode[],
): Promise<Map<string, Set<string>>> {
  const rows = await forChunks(
    datasets.map((d) => [d.namespace, d.dataset] as const),
    (chunk) =>
      context.db
        .selectFrom('datasets')
        .select(['namespace', 'name', 'pii_columns'])
        .where('pii_columns', 'is not', null)
        .where(keyListCondition(context.dialect, ['namespace', 'name'], chunk))
        .execute(),
  );
  const out = new Map<string, Set<string>>();
  for (const row of rows) {
    out.set(formatNodeId({ kind: 'dataset', namespace: row.namespace, name: row.name }), new Set(stringListOf(row.pii_columns)));
  }
  return out;
}
