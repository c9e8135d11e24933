import type { DataFrame, Field } from '@grafana/data';

import type { LineageGraph, LineageNode } from './graphModel';

/**
 * Node labels from any field of the nodes frame (panel options "Label" and "Second line").
 * `title`, `name`, `id` and `namespace` work even when the frame has no such field; a field
 * the frame lacks falls back to the title (first line) or nothing (second line).
 */
export const NO_LABEL = 'none';

const builtIn: Record<string, (node: LineageNode) => string | undefined> = {
  title: (node) => node.title,
  name: (node) => node.name,
  id: (node) => node.id,
  namespace: (node) => node.namespace || undefined,
  subtitle: (node) => node.subtitle ?? (node.namespace || undefined),
  mainstat: (node) => node.mainstat,
  secondarystat: (node) => node.secondarystat,
};

const findField = (frame: DataFrame | undefined, name: string): Field | undefined =>
  frame?.fields.find((field) => field.name === name) ?? frame?.fields.find((field) => field.name.toLowerCase() === name.toLowerCase());

const format = (value: unknown): string | undefined => {
  if (value === null || value === undefined || value === '') {
    return undefined;
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
  return Array.isArray(value) ? value.join(', ') : String(value);
};

/** A label reader for one field name, made once per render and called per node. */
export function labelReader(graph: LineageGraph, fieldName: string | undefined, fallbackToTitle: boolean): (node: LineageNode) => string | undefined {
  const name = (fieldName ?? '').trim();
  const fallback = fallbackToTitle ? builtIn.title : () => undefined;
  if (name === '' || name === NO_LABEL) {
    return fallbackToTitle ? fallback : () => undefined;
  }
  const field = findField(graph.nodesFrame, name);
  const own = Object.prototype.hasOwnProperty.call(builtIn, name.toLowerCase()) ? builtIn[name.toLowerCase()] : undefined;
  // title and subtitle are already read (with fallbacks) into the node.
  if (field && !['title', 'subtitle'].includes(name.toLowerCase())) {
    return (node) => (node.row >= 0 ? format(field.values[node.row]) : undefined) ?? fallback(node);
  }
  if (own) {
    return (node) => own(node) ?? fallback(node);
  }
  return fallback;
}
