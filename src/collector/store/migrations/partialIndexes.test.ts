import { describe, expect, it } from 'vitest';
import { type CompiledQuery, type Kysely, type KyselyPlugin, sql } from 'kysely';
import { sharedDatabaseForSuite, testDatabaseKinds } from '../../../../tests/node/support/testDatabases';
import { dagRunId, loadPipelineHistory, warehouse } from '../../query/__fixtures__/pipelineHistory';
import { answerTarget } from '../../query/__fixtures__/queryTestKit';
import { datasetNodeId } from '../../../contract/nodeIds';
import type { PaneDatabase } from '../openDatabase';
import type { PaneSchema } from '../schema';

/** The database with a Kysely that records, compiled, every query the handlers send through it. */
function recordingQueries(database: PaneDatabase): { database: PaneDatabase; queries: CompiledQuery[] } {
  const queries: CompiledQuery[] = [];
  const recorder: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      queries.push(database.db.getExecutor().compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { database: { ...database, db: database.db.withPlugin(recorder) as Kysely<PaneSchema> }, queries };
}

/** The plan of a recorded query, with its own parameters; PostgreSQL is told to avoid sequential scans, which small tables invite. */
async function planOf(database: PaneDatabase, query: CompiledQuery): Promise<string> {
  if (database.sqlite) {
    const steps = database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(query.parameters as unknown[]) as Array<{ detail: string }>;
    return steps.map((step) => step.detail).join('\n');
  }
  return database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>({ ...query, sql: `EXPLAIN ${query.sql}` });
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

async function definitionOf(database: PaneDatabase, index: string): Promise<string> {
  const { rows } = database.sqlite
    ? await sql<{ definition: string }>`SELECT sql AS definition FROM sqlite_master WHERE type = 'index' AND name = ${index}`.execute(database.db)
    : await sql<{ definition: string }>`SELECT indexdef AS definition FROM pg_indexes WHERE indexname = ${index}`.execute(database.db);
  return rows[0]?.definition ?? '';
}

/** The plans of the recorded queries whose SQL names `word` (a table or a column). */
async function plansOf(database: PaneDatabase, queries: CompiledQuery[], word: string): Promise<string[]> {
  const reading = queries.filter((query) => new RegExp(`\\b${word}\\b`).test(query.sql));
  expect(reading.length).toBeGreaterThan(0);
  return Promise.all(reading.map((query) => planOf(database, query)));
}

describe.each(testDatabaseKinds)('the partial indexes of migration 009 serve their queries on %s', (kind) => {
  const suite = sharedDatabaseForSuite(kind, loadPipelineHistory);

  it('the volume of one dataset reads run_datasets_output_rows', async () => {
    const recorded = recordingQueries(suite.database);
    const result = await answerTarget(recorded.database, { kind: 'volume', dataset: datasetNodeId(warehouse, 'analytics.staging.orders') });
    expect(result.frames[0]?.fields[0]?.values.length).toBeGreaterThan(0);
    expect(result.error).toBeUndefined();
    const plans = await plansOf(suite.database, recorded.queries, 'run_datasets');
    expect(plans.some((plan) => plan.includes('run_datasets_output_rows'))).toBe(true);
  });

  it('the runs of a parent and the trace of a DAG run read runs_parent', async () => {
    const recorded = recordingQueries(suite.database);
    expect((await answerTarget(recorded.database, { kind: 'runs', parentRunId: dagRunId(9) })).error).toBeUndefined();
    expect((await answerTarget(recorded.database, { kind: 'trace', runId: dagRunId(9) })).error).toBeUndefined();
    const plans = await plansOf(suite.database, recorded.queries, 'parent_run_id');
    const usingParentIndex = plans.filter((plan) => plan.includes('runs_parent'));
    // one for the runs query, one for the trace's recursive step
    expect(usingParentIndex.length).toBeGreaterThanOrEqual(2);
    expect(await definitionOf(suite.database, 'runs_parent')).toMatch(/WHERE \(?parent_run_id IS NOT NULL\)?/i);
  });
});
