import type { Kysely } from 'kysely';
import type { DataFrameJson } from '../../contract/frames';
import type { QueryKind, QueryTarget } from '../../contract/query';
import type { SlaResolver } from '../sla/slaResolver';
import type { SqlDialectName } from '../store/dialect';
import type { PaneSchema } from '../store/schema';

/** What every query handler gets besides its target: the database, the range and the SLAs. */
export interface QueryContext {
  db: Kysely<PaneSchema>;
  dialect: SqlDialectName;
  /** epoch ms, inclusive */
  from: number;
  to: number;
  /** bucket size for aggregations, ms */
  intervalMs: number;
  /** the time the query is answered at, epoch ms (ages and freshness are measured from it) */
  now: number;
  slas: SlaResolver;
}

export type QueryHandler<K extends QueryKind> = (
  target: Extract<QueryTarget, { kind: K }>,
  context: QueryContext,
) => Promise<DataFrameJson[]>;

export type QueryHandlers = { [K in QueryKind]: QueryHandler<K> };

/** A bad target: the query API answers 400 naming the field (`targets/0/depth`). */
export class QueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}
