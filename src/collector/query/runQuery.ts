import { type QueryKind, type QueryRequest, type QueryResponse, type QueryResult, type QueryTarget, queryKinds } from '../../contract/query';
import type { SlaResolver } from '../sla/slaResolver';
import type { PaneDatabase } from '../store/openDatabase';
import { type QueryContext, type QueryHandler, QueryError } from './queryContext';
import { queryHandlers } from './queryHandlers';
import { queryIntervalMs } from './queryInterval';
import { parseTimeRange } from './timeRange';

export interface RunQueryDeps {
  database: PaneDatabase;
  slas: SlaResolver;
  /** the time the query is answered at; defaults to Date.now() */
  now?: number;
}

/**
 * Answers a query request: checks its shape, resolves the range and the bucket size, then runs
 * each visible target's handler. A malformed request (no targets, a target without refId or
 * with an unknown kind, a bad range) throws a QueryError naming the field (`targets/1/kind`);
 * a target whose filters are wrong answers its own error with status 400 while the others answer.
 */
export async function runQuery(request: QueryRequest, deps: RunQueryDeps): Promise<QueryResponse> {
  const now = deps.now ?? Date.now();
  const targets = checkRequest(request);
  const range = parseTimeRange(request.range, now);
  const context: QueryContext = {
    db: deps.database.db,
    dialect: deps.database.dialect,
    from: range.from,
    to: range.to,
    intervalMs: queryIntervalMs(range, request),
    now,
    slas: deps.slas,
  };

  const visible = targets.map((target, index) => ({ target, index })).filter(({ target }) => target.hide !== true);
  const answers = await Promise.all(visible.map(({ target, index }) => answerTarget(target, index, context)));
  const results: Record<string, QueryResult> = {};
  visible.forEach(({ target }, i) => {
    results[target.refId] = answers[i];
  });
  return { results };
}

async function answerTarget(target: QueryTarget, index: number, context: QueryContext): Promise<QueryResult> {
  const handler = queryHandlers[target.kind] as QueryHandler<QueryKind>;
  try {
    const frames = await handler(target as never, context);
    return { frames: frames.map((frame) => ({ ...frame, refId: target.refId })) };
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    return { frames: [], error: `${targetField(index, error.field)}: ${error.message}`, status: 400 };
  }
}

/** `targets/<index>/<field>`, unless the handler already named the full path. */
export const targetField = (index: number, field: string): string =>
  field.startsWith('targets/') ? field : `targets/${index}${field ? `/${field}` : ''}`;

function checkRequest(request: unknown): QueryTarget[] {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new QueryError('', 'the request must be a JSON object with "targets"');
  }
  const targets = (request as { targets?: unknown }).targets;
  if (!Array.isArray(targets)) throw new QueryError('targets', 'is required: a list of targets, each with refId and kind');
  if (targets.length === 0) throw new QueryError('targets', 'must hold at least one target');
  const refIds = new Set<string>();
  targets.forEach((target: unknown, index) => {
    if (typeof target !== 'object' || target === null || Array.isArray(target)) {
      throw new QueryError(`targets/${index}`, 'must be an object with refId and kind');
    }
    const { refId, kind, hide } = target as Record<string, unknown>;
    if (typeof refId !== 'string' || refId === '') throw new QueryError(`targets/${index}/refId`, 'is required: a non-empty string');
    if (refIds.has(refId)) throw new QueryError(`targets/${index}/refId`, `"${refId}" is used by another target`);
    refIds.add(refId);
    if (typeof kind !== 'string' || !queryKinds.includes(kind as QueryKind)) {
      throw new QueryError(
        `targets/${index}/kind`,
        `${typeof kind === 'string' ? `"${kind}" is not a query kind` : 'is required'}; known kinds: ${queryKinds.join(', ')}`,
      );
    }
    if (hide !== undefined && typeof hide !== 'boolean') throw new QueryError(`targets/${index}/hide`, 'must be true or false');
  });
  return targets as QueryTarget[];
}
