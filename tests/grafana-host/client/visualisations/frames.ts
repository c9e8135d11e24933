import { type DataFrame, type Field, FieldType } from '@grafana/data';

/** Which view Explore would give a frame: its preferredVisualisationType, else graph for time series, else table. */
export type ViewKind = 'graph' | 'table' | 'nodeGraph' | 'logs' | 'trace';

export function viewOf(frame: DataFrame): ViewKind {
  const preferred = frame.meta?.preferredVisualisationType;
  if (preferred === 'graph' || preferred === 'table' || preferred === 'nodeGraph' || preferred === 'logs' || preferred === 'trace') {
    return preferred;
  }
  const hasTime = frame.fields.some((f) => f.type === FieldType.time);
  const hasNumber = frame.fields.some((f) => f.type === FieldType.number);
  return hasTime && hasNumber ? 'graph' : 'table';
}

export const fieldByName = (frame: DataFrame, name: string): Field | undefined => frame.fields.find((f) => f.name === name);

export const valueAt = (frame: DataFrame, name: string, row: number): unknown => fieldByName(frame, name)?.values[row];

/** Grafana's node graph tells nodes from edges by name, else by an edges frame having source and target. */
export function splitNodeGraphFrames(frames: DataFrame[]): { nodes?: DataFrame; edges?: DataFrame } {
  const isEdges = (f: DataFrame) => f.name === 'edges' || f.meta?.custom?.nodeGraphFrameType === 'edges' || (fieldByName(f, 'source') && fieldByName(f, 'target'));
  return { edges: frames.find(isEdges), nodes: frames.find((f) => !isEdges(f)) };
}
