import { DataFrame } from '@grafana/data';

/**
 * Column-level lineage, read from whatever the panel's queries answered. A panel can only read
 * frames, so column lineage comes from a second query in the same panel — the data source's
 * `columnLineage` kind, typically with `node: $dataset` so it follows the dataset clicked (see the
 * panel's "Focus variable" option) — and the panel accepts both of its shapes:
 * - the table frame `columnLineage` (dataset, column, input_dataset, input_column, transformation);
 * - Node Graph frames whose ids are columns, `dataset:<ns>:<name>#<column>`.
 * The panel draws them on demand: on the focused dataset (its columns and where each comes
 * from) and, when the "Column lineage" option says so, as dashed dataset-to-dataset edges.
 */
export interface ColumnEdge {
  sourceDataset: string;
  sourceColumn: string;
  targetDataset: string;
  targetColumn: string;
  transformation?: string;
}

const loose = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
const field = (frame: DataFrame, name: string) => frame.fields.find((f) => loose(f.name) === loose(name));
const text = (value: unknown) => (value === null || value === undefined || String(value) === '' ? undefined : String(value));

/** `dataset:<ns>:<name>#<column>` -> dataset id and column (the column follows the last `#`). */
export function splitColumnId(id: string): { dataset: string; column: string } | undefined {
  const hash = id.lastIndexOf('#');
  if (hash <= 0 || !id.startsWith('dataset:')) {
    return undefined;
  }
  return { dataset: id.slice(0, hash), column: id.slice(hash + 1) };
}

export function readColumnLineage(frames: DataFrame[]): ColumnEdge[] {
  const seen = new Set<string>();
  const out: ColumnEdge[] = [];
  const add = (edge: ColumnEdge) => {
    const key = `${edge.sourceDataset}#${edge.sourceColumn}>${edge.targetDataset}#${edge.targetColumn}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(edge);
    }
  };
  for (const frame of frames) {
    const rows = frame.length || (frame.fields[0]?.values.length ?? 0);
    const dataset = field(frame, 'dataset');
    const columnField = field(frame, 'column');
    const inputDataset = field(frame, 'input_dataset');
    const inputColumn = field(frame, 'input_column');
    if (dataset && columnField && inputDataset && inputColumn) {
      const transformation = field(frame, 'transformation');
      for (let row = 0; row < rows; row++) {
        const targetDataset = text(dataset.values[row]);
        const targetColumn = text(columnField.values[row]);
        const sourceDataset = text(inputDataset.values[row]);
        const sourceColumn = text(inputColumn.values[row]);
        if (targetDataset && targetColumn && sourceDataset && sourceColumn) {
          add({ targetDataset, targetColumn, sourceDataset, sourceColumn, transformation: text(transformation?.values[row]) });
        }
      }
      continue;
    }
    const source = field(frame, 'source');
    const target = field(frame, 'target');
    if (source && target) {
      const mainstat = field(frame, 'mainstat') ?? field(frame, 'transformation');
      for (let row = 0; row < rows; row++) {
        const from = splitColumnId(text(source.values[row]) ?? '');
        const to = splitColumnId(text(target.values[row]) ?? '');
        if (from && to) {
          add({ sourceDataset: from.dataset, sourceColumn: from.column, targetDataset: to.dataset, targetColumn: to.column, transformation: text(mainstat?.values[row]) });
        }
      }
    }
  }
  return out;
}

export interface ColumnSources {
  column: string;
  from: Array<{ dataset: string; column: string; transformation?: string }>;
}

export interface ColumnReaders {
  column: string;
  to: Array<{ dataset: string; column: string; transformation?: string }>;
}

/** A dataset's columns with where each comes from and where each goes, sorted by column. */
export function columnsOfDataset(edges: ColumnEdge[], datasetId: string): { inputs: ColumnSources[]; outputs: ColumnReaders[] } {
  const inputs = new Map<string, ColumnSources>();
  const outputs = new Map<string, ColumnReaders>();
  for (const edge of edges) {
    if (edge.targetDataset === datasetId) {
      const entry = inputs.get(edge.targetColumn) ?? { column: edge.targetColumn, from: [] };
      entry.from.push({ dataset: edge.sourceDataset, column: edge.sourceColumn, transformation: edge.transformation });
      inputs.set(edge.targetColumn, entry);
    }
    if (edge.sourceDataset === datasetId) {
      const entry = outputs.get(edge.sourceColumn) ?? { column: edge.sourceColumn, to: [] };
      entry.to.push({ dataset: edge.targetDataset, column: edge.targetColumn, transformation: edge.transformation });
      outputs.set(edge.sourceColumn, entry);
    }
  }
  const byColumn = (a: { column: string }, b: { column: string }) => a.column.localeCompare(b.column);
  return { inputs: [...inputs.values()].sort(byColumn), outputs: [...outputs.values()].sort(byColumn) };
}

export interface DatasetColumnLink {
  source: string;
  target: string;
  /** "input_col -> col" pairs */
  columns: string[];
}

/** Column edges folded into one link per pair of datasets, for drawing over the dataset graph. */
export function datasetColumnLinks(edges: ColumnEdge[], onlyDataset?: string): DatasetColumnLink[] {
  const links = new Map<string, DatasetColumnLink>();
  for (const edge of edges) {
    if (onlyDataset !== undefined && edge.sourceDataset !== onlyDataset && edge.targetDataset !== onlyDataset) {
      continue;
    }
    if (edge.sourceDataset === edge.targetDataset) {
      continue;
    }
    const key = `${edge.sourceDataset}\n${edge.targetDataset}`;
    const link = links.get(key) ?? { source: edge.sourceDataset, target: edge.targetDataset, columns: [] };
    link.columns.push(edge.sourceColumn === edge.targetColumn ? edge.targetColumn : `${edge.sourceColumn} \u2192 ${edge.targetColumn}`);
    links.set(key, link);
  }
  return [...links.values()];
}
