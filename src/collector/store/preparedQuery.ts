import { type Compilable, CompiledQuery, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { PaneSchema } from './schema';

type Db = Kysely<PaneSchema> | Transaction<PaneSchema>;

const sentinelPrefix = '\u0000pane-param:';

/**
 * A Kysely query compiled once per database and then executed with new parameters.
 *
 * Ingest runs a handful of fixed-shape statements per event; building and compiling each one
 * through Kysely every time costs several times more than SQLite takes to run it. The query is
 * built with a placeholder for every parameter, compiled, and the placeholders' positions are
 * remembered; later executions only fill in the values. Kysely still writes the SQL, per dialect.
 */
export class PreparedQuery<P extends Record<string, unknown>, R = unknown> {
  private readonly compiled = new WeakMap<object, { sql: string; slots: Array<{ name: keyof P } | { constant: unknown }> }>();

  constructor(
    private readonly parameterNames: ReadonlyArray<keyof P>,
    private readonly build: (db: Db, params: P) => Compilable<R>,
  ) {}

  async execute(db: Db, dialectKey: object, params: P): Promise<QueryResult<R>> {
    let plan = this.compiled.get(dialectKey);
    if (!plan) {
      const placeholders = Object.fromEntries(this.parameterNames.map((name) => [name, `${sentinelPrefix}${String(name)}`])) as P;
      const query = this.build(db, placeholders).compile();
      plan = {
        sql: query.sql,
        slots: query.parameters.map((value) =>
          typeof value === 'string' && value.startsWith(sentinelPrefix)
            ? { name: value.slice(sentinelPrefix.length) as keyof P }
            : { constant: value },
        ),
      };
      this.compiled.set(dialectKey, plan);
    }
    const parameters = plan.slots.map((slot) => ('name' in slot ? (params[slot.name] ?? null) : slot.constant));
    return db.executeQuery<R>(CompiledQuery.raw(plan.sql, parameters));
  }
}
