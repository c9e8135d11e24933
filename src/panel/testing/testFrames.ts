import { createDataFrame, DataFrame, FieldType, toDataFrame } from '@grafana/data';

import { type LineageGraph, readLineageFrames } from '../model/graphModel';
import { pipeline } from './pipelineFixture';
import { syntheticLineage, syntheticLineageFrames } from './syntheticLineage';

export { pipeline };

/** Small frame builders for the panel's unit tests. */
type Row = Record<string, string | number | boolean | null | undefined>;

const typeOf = (values: unknown[]): FieldType => {
  const sample = values.find((v) => v !== null && v !== undefined);
  return typeof sample === 'number' ? FieldType.number : typeof sample === 'boolean' ? FieldType.boolean : FieldType.string;
};

/** A nodes frame from rows; every key seen in any row becomes a field. */
export function nodesFrame(rows: Row[], name: string | undefined = 'nodes'): DataFrame {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return createDataFrame({
    name,
    fields: keys.map((key) => {
      const values = rows.map((row) => row[key] ?? null);
      return { name: key, type: typeOf(values), values };
    }),
  });
}

export function edgesFrame(pairs: Array<[string, string]>, name: string | undefined = 'edges'): DataFrame {
  return createDataFrame({
    name,
    fields: [
      { name: 'id', type: FieldType.string, values: pairs.map(([s, t]) => `${s}->${t}`) },
      { name: 'source', type: FieldType.string, values: pairs.map(([s]) => s) },
      { name: 'target', type: FieldType.string, values: pairs.map(([, t]) => t) },
    ],
  });
}

/** Reads frames that must make a graph (throws on a problem, for tests). */
export function graphOf(frames: DataFrame[]): LineageGraph {
  const read = readLineageFrames(frames);
  if (!read.graph) {
    throw new Error(`no graph: ${read.problem.title}: ${read.problem.detail}`);
  }
  return read.graph;
}

export const pipelineFrames = () => [nodesFrame(pipeline.nodes), edgesFrame(pipeline.edges)];
export const pipelineGraph = () => graphOf(pipelineFrames());

/** A synthetic lineage graph of `nodes` nodes as Grafana DataFrames. */
export const syntheticFrames = (nodes: number) => syntheticLineageFrames(syntheticLineage({ nodes })).map((frame) => toDataFrame(frame));
