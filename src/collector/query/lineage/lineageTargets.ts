import { type NodeKind, type NodeRef, NodeIdError, parseNodeId } from '../../../contract/nodeIds';
import type { LineageDirection } from '../../../contract/query';
import { QueryError } from '../queryContext';
import { parseTimeValue } from '../timeRange';
import { defaultMaxNodes, maxLineageDepth, maxMaxNodes } from './lineageGraph';

/**
 * Checks of the lineage targets' fields; each failure names its field (400, never 500). As in
 * targetFields.ts, an empty string counts as "not set" (Grafana sends one for an empty variable).
 */
const unset = (value: unknown) => value === undefined || value === null || value === '';

export function nodeParam(value: unknown, field = 'node', kind?: NodeKind): NodeRef {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new QueryError(field, 'must be a node id: job:<namespace>:<name> or dataset:<namespace>:<name>');
  }
  let ref: NodeRef;
  try {
    ref = parseNodeId(value.trim());
  } catch (error) {
    if (error instanceof NodeIdError) throw new QueryError(field, error.message);
    throw error;
  }
  if (kind && ref.kind !== kind) throw new QueryError(field, `must be a ${kind} node id (${kind}:<namespace>:<name>), got "${value}"`);
  return ref;
}

export function depthParam(value: unknown, fallback: number, field = 'depth'): number {
  if (unset(value)) return fallback;
  const depth = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 1 || depth > maxLineageDepth) {
    throw new QueryError(field, `must be a whole number of hops from 1 to ${maxLineageDepth}, got ${JSON.stringify(value)}`);
  }
  return depth;
}

const directions: readonly LineageDirection[] = ['upstream', 'downstream', 'both'];

export function directionParam(value: unknown, fallback: LineageDirection = 'both'): LineageDirection {
  if (unset(value)) return fallback;
  if (typeof value !== 'string' || !directions.includes(value as LineageDirection)) {
    throw new QueryError('direction', `must be one of ${directions.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as LineageDirection;
}

/** epoch ms, ISO time or relative time (`now-7d`) */
export function asOfParam(value: unknown, now: number): number | undefined {
  if (unset(value)) return undefined;
  return parseTimeValue(value, now, 'asOf');
}

/** `limit` on lineage kinds: the most nodes a graph may hold. */
export function nodeLimitParam(value: unknown): number {
  if (unset(value)) return defaultMaxNodes;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maxMaxNodes) {
    throw new QueryError('limit', `must be a whole number of nodes from 1 to ${maxMaxNodes}, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (unset(value)) return undefined;
  if (typeof value !== 'string') throw new QueryError(field, `must be a string, got ${JSON.stringify(value)}`);
  return value;
}
