import { DataFrame, FieldType } from '@grafana/data';

export interface LineageGraph {
  /** Display name of each node: its `title` field when present, else its `id`. */
  nodeNames: string[];
  edgeCount: number;
}

const hasField = (frame: DataFrame, name: string) => frame.fields.some((field) => field.name === name);

// Follows Grafana's node graph convention: frames named "nodes" and "edges", or recognised
// by their fields (edges carry source and target, nodes carry id).
const isEdges = (frame: DataFrame) =>
  frame.name?.toLowerCase() === 'edges' || (hasField(frame, 'source') && hasField(frame, 'target'));
const isNodes = (frame: DataFrame) =>
  frame.name?.toLowerCase() === 'nodes' || (hasField(frame, 'id') && !isEdges(frame));

/** The lineage graph in a query result, or undefined when it holds no nodes frame with rows. */
export function findLineageGraph(series: DataFrame[]): LineageGraph | undefined {
  const nodes = series.find((frame) => !isEdges(frame) && isNodes(frame));
  if (!nodes || nodes.length === 0) {
    return undefined;
  }
  const edges = series.find(isEdges);
  const nameField =
    nodes.fields.find((field) => field.name === 'title') ??
    nodes.fields.find((field) => field.name === 'id') ??
    nodes.fields.find((field) => field.type === FieldType.string);
  const nodeNames = Array.from({ length: nodes.length }, (_, row) => String(nameField?.values[row] ?? `node ${row + 1}`));
  return { nodeNames, edgeCount: edges?.length ?? 0 };
}
