import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeRef } from '../../src/contract/nodeIds';
import type { Transaction } from 'kysely';
import type { PaneDatabase } from '../../src/collector/store/openDatabase';
import type { PaneSchema } from '../../src/collector/store/schema';
import { numberWriteTransaction } from '../../src/collector/store/writeEnvelope';
import { type TestDatabase, createTestDatabase, testDatabaseKinds } from './support/testDatabases';
import { currentEdgeIndex } from '../../src/collector/query/lineage/edgeCache';
import type { LineageGraph } from '../../src/collector/query/lineage/lineageGraph';
import { loadLineageAround } from '../../src/collector/query/lineage/loadLineageAround';

const edge = (job: string, direction: 'input' | 'output', dataset: string, firstSeenAt: number) => ({
  job_namespace: 'jobs',
  job_name: job,
  direction,
  dataset_namespace: 'data',
  dataset_name: dataset,
  first_seen_at: firstSeenAt,
  last_seen_at: firstSeenAt,
});

const shape = (g: LineageGraph) => ({
  nodes: [...g.nodes.values()].map((n) => `${n.id}@${n.depth}/${n.side}`).sort(),
  edges: [...g.edges.values()].map((e) => e.id).sort(),
  truncated: g.truncated,
});

describe.each(testDatabaseKinds)('in-memory lineage edges on %s', (kind) => {
  let testDb: TestDatabase;
  let database: PaneDatabase;
  const center: NodeRef = { kind: 'dataset', namespace: 'data', name: 'a' };

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    database = await testDb.open();
    await database.db
      .insertInto('lineage_edges')
      .values([edge('j1', 'input', 'a', 100), edge('j1', 'output', 'b', 100), edge('j2', 'input', 'b', 200), edge('j2', 'output', 'c', 200)])
      .execute();
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.dispose();
  });

  /** A write as ingest makes it: in a transaction that first raises the writes counter. */
  const numbered = (write: (trx: Transaction<PaneSchema>) => Promise<unknown>) =>
    database.db.transaction().execute(async (trx) => {
      await numberWriteTransaction(trx, database);
      await write(trx);
    });

  /** memory and rounds agree, for every direction, with and without as-of */
  const expectSameAsRounds = async (asOf?: number) => {
    for (const direction of ['upstream', 'downstream', 'both'] as const) {
      for (const c of [center, { kind: 'job', namespace: 'jobs', name: 'j2' } as NodeRef]) {
        const memory = await loadLineageAround(database, { center: c, direction, depth: 10, asOf, strategy: 'memory' });
        const rounds = await loadLineageAround(database, { center: c, direction, depth: 10, asOf, strategy: 'rounds' });
        expect(shape(memory)).toEqual(shape(rounds));
      }
    }
  };

  it('walks like rounds, and sees new edges and earlier first_seen_at at once', async () => {
    await expectSameAsRounds();
    await expectSameAsRounds(150);
    const downstream = async (asOf?: number) => shape(await loadLineageAround(database, { center, direction: 'downstream', depth: 10, asOf })).nodes.length;
    expect(await downstream()).toBe(5);
    const before = await currentEdgeIndex(database.db);
    expect(await currentEdgeIndex(database.db)).toBe(before);

    // an edge written without numbering its transaction is not seen until something is committed
    await database.db.insertInto('lineage_edges').values(edge('j9', 'input', 'z', 50)).execute();
    expect(await currentEdgeIndex(database.db)).toBe(before);
    await database.db.deleteFrom('lineage_edges').where('job_name', '=', 'j9').execute();

    // another replica adds an edge: the count changes
    await numbered((trx) => trx.insertInto('lineage_edges').values(edge('j3', 'input', 'c', 300)).execute());
    expect(await downstream()).toBe(6);
    await expectSameAsRounds();

    // a late event moves an edge's first_seen_at earlier: the count stays, the sum drops
    expect(await downstream(150)).toBe(3);
    await numbered((trx) => trx.updateTable('lineage_edges').set({ first_seen_at: 120 }).where('job_name', '=', 'j2').where('direction', '=', 'input').execute());
    expect(await downstream(150)).toBe(4);
    await expectSameAsRounds(150);
  });

  it('keeps the node limit and its truncation as rounds does', async () => {
    for (const maxNodes of [1, 2, 3]) {
      const memory = await loadLineageAround(database, { center, direction: 'both', depth: 10, maxNodes, strategy: 'memory' });
      const rounds = await loadLineageAround(database, { center, direction: 'both', depth: 10, maxNodes, strategy: 'rounds' });
      expect(shape(memory)).toEqual(shape(rounds));
    }
  });

  it('walks a random graph with cycles and shared nodes as rounds does, for every centre, direction, depth, as-of and limit', async () => {
    // a fresh namespace pair so the chain above does not interfere
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const rows = new Map<string, ReturnType<typeof edge>>();
    for (let i = 0; i < 120; i++) {
      const job = `rj${Math.floor(random() * 25)}`;
      const dataset = `rd${Math.floor(random() * 30)}`;
      const direction = random() < 0.5 ? 'input' : 'output';
      rows.set(`${job}/${direction}/${dataset}`, { ...edge(job, direction, dataset, 1000 + Math.floor(random() * 100)), job_namespace: 'rjobs', dataset_namespace: 'rdata' });
    }
    await numbered((trx) => trx.insertInto('lineage_edges').values([...rows.values()]).execute());
    const centres: NodeRef[] = [
      { kind: 'dataset', namespace: 'rdata', name: 'rd3' },
      { kind: 'job', namespace: 'rjobs', name: 'rj7' },
      { kind: 'dataset', namespace: 'rdata', name: 'rd11' },
    ];
    let compared = 0;
    for (const c of centres) {
      for (const direction of ['upstream', 'downstream', 'both'] as const) {
        for (const [depth, asOf, maxNodes] of [[1, undefined, undefined], [3, undefined, undefined], [20, undefined, undefined], [20, 1050, undefined], [20, undefined, 7]] as const) {
          const options = { center: c, direction, depth, asOf, maxNodes };
          const memory = await loadLineageAround(database, { ...options, strategy: 'memory' });
          const rounds = await loadLineageAround(database, { ...options, strategy: 'rounds' });
          expect(shape(memory)).toEqual(shape(rounds));
          compared += memory.nodes.size;
        }
      }
    }
    // the comparisons were about real walks, not empty graphs
    expect(compared).toBeGreaterThan(300);
  });
});
