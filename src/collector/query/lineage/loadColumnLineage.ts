import { type NodeRef, formatNodeId } from '../../../contract/nodeIds';
import { type LineageDb, forChunks, keyListCondition } from './sqlLists';

/** One column-lineage edge: `input_*` column feeds `dataset.column`, `depth` hops from the start. */
export interface ColumnEdge {
  datasetNamespace: string;
  datasetName: string;
  column: string;
  inputNamespace: string;
  inputName: string;
  inputColumn: string;
  transformation: string | null;
  depth: number;
}

/** `dataset:<ns>:<name>#<column>`: a column as a node of the column graph. */
export const columnNodeId = (namespace: string, name: string, column: string): string =>
  `${formatNodeId({ kind: 'dataset', namespace, name })}#${column}`;

export interface ColumnLineageOptions {
  dataset: NodeRef;
  /** one column; without it, every column of the dataset */
  column?: string;
  depth: number;
  asOf?: number;
}

/**
 * Upstream column lineage: where each column of the dataset comes from, and where those come
 * from, to `depth` hops. Breadth-first, one query per hop with the new input columns as a
 * chunked key list (the primary key's prefix); each column is expanded once, so cycles end.
 */
export async function loadColumnLineage({ db, dialect }: LineageDb, options: ColumnLineageOptions): Promise<ColumnEdge[]> {
  const select = () => {
    let query = db
      .selectFrom('column_lineage')
      .select(['dataset_namespace', 'dataset_name', 'field', 'input_namespace', 'input_name', 'input_field', 'transformation']);
    if (options.asOf !== undefined) query = query.where('first_seen_at', '<=', options.asOf);
    return query;
  };
  let first = select().where('dataset_namespace', '=', options.dataset.namespace).where('dataset_name', '=', options.dataset.name);
  if (options.column !== undefined) first = first.where('field', '=', options.column);

  const out: ColumnEdge[] = [];
  const expanded = new Set<string>();
  let rows = await first.execute();
  if (options.column !== undefined) expanded.add(columnNodeId(options.dataset.namespace, options.dataset.name, options.column));
  else for (const row of rows) expanded.add(columnNodeId(row.dataset_namespace, row.dataset_name, row.field));

  for (let depth = 1; rows.length > 0; depth++) {
    const frontier: Array<[string, string, string]> = [];
    for (const row of rows) {
      out.push({
        datasetNamespace: row.dataset_namespace,
        datasetName: row.dataset_name,
        column: row.field,
        inputNamespace: row.input_namespace,
        inputName: row.input_name,
        inputColumn: row.input_field,
        transformation: row.transformation,
        depth,
      });
      const input = columnNodeId(row.input_namespace, row.input_name, row.input_field);
      if (!expanded.has(input)) {
        expanded.add(input);
        frontier.push([row.input_namespace, row.input_name, row.input_field]);
      }
    }
    if (depth >= options.depth || frontier.length === 0) break;
    rows = await forChunks(frontier, (chunk) =>
      select()
        .where(keyListCondition(dialect, ['dataset_namespace', 'dataset_name', 'field'], chunk))
        .execute(),
    );
  }
  return out;
}
