/**
 * Node ids are the one way every room names a job or a dataset:
 * `job:<namespace>:<name>` and `dataset:<namespace>:<name>`.
 * Namespaces may themselves contain colons (`postgres://db:5432`), so the name is
 * everything after the LAST colon that follows the namespace… which is ambiguous.
 * We therefore split on the FIRST colon after the kind and percent-encode colons
 * inside the namespace when formatting, so parsing is always unambiguous.
 */
export type NodeKind = 'job' | 'dataset';

export interface NodeRef {
  kind: NodeKind;
  namespace: string;
  name: string;
}

const encodeNamespace = (namespace: string): string => namespace.replace(/%/g, '%25').replace(/:/g, '%3A');
const decodeNamespace = (encoded: string): string => encoded.replace(/%3A/gi, ':').replace(/%25/g, '%');

export function formatNodeId(ref: NodeRef): string {
  return `${ref.kind}:${encodeNamespace(ref.namespace)}:${ref.name}`;
}

export const jobNodeId = (namespace: string, name: string): string => formatNodeId({ kind: 'job', namespace, name });
export const datasetNodeId = (namespace: string, name: string): string =>
  formatNodeId({ kind: 'dataset', namespace, name });

export class NodeIdError extends Error {}

export function parseNodeId(id: string): NodeRef {
  const match = /^(job|dataset):([^:]*):(.+)$/s.exec(id);
  if (!match) {
    throw new NodeIdError(`"${id}" is not a node id: expected job:<namespace>:<name> or dataset:<namespace>:<name>`);
  }
  return { kind: match[1] as NodeKind, namespace: decodeNamespace(match[2]), name: match[3] };
}
