import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataFrameJson } from '../../src/contract/frames';
import type { ColumnLineageTarget, ImpactTarget, LineageTarget } from '../../src/contract/query';
import { type QueryContext, QueryError } from '../../src/collector/query/queryContext';
import { queryHandlers } from '../../src/collector/query/queryHandlers';
import { runQuery } from '../../src/collector/query/runQuery';
import { parseNodeId } from '../../src/contract/nodeIds';
import { loadLineageAround } from '../../src/collector/query/lineage/loadLineageAround';
import { chunking } from '../../src/collector/query/lineage/sqlLists';
import type { PaneDatabase } from '../../src/collector/store/openDatabase';
import { hour, ids, loadScenario, ns, scenarioSlas } from './support/lineageScenario';
import { type TestDatabase, createTestDatabase, testDatabaseKinds } from './support/testDatabases';

const values = (frame: DataFrameJson, name: string): unknown[] => {
  const f = frame.fields.find((x) => x.name === name);
  if (!f) throw new Error(`frame ${frame.name} has no field ${name}: ${frame.fields.map((x) => x.name).join(', ')}`);
  return f.values;
};
const byName = (frames: DataFrameJson[], name: string) => frames.find((f) => f.name === name) as DataFrameJson;
/** One node's row of the nodes frame as an object. */
const nodeRow = (nodes: DataFrameJson, id: string): Record<string, unknown> => {
  const index = values(nodes, 'id').indexOf(id);
  if (index < 0) throw new Error(`no node ${id}`);
  return Object.fromEntries(nodes.fields.map((f) => [f.name, f.values[index]]));
};

describe.each(testDatabaseKinds)('lineage queries on %s', (kind) => {
  let testDb: TestDatabase;
  let database: PaneDatabase;
  const now = Date.now();
  let context: QueryContext;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    database = await testDb.open();
    await loadScenario(database, now);
    context = {
      db: database.db,
      dialect: database.dialect,
      from: now - 24 * hour,
      to: now,
      intervalMs: hour,
      now,
      slas: scenarioSlas,
    };
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.dispose();
  });

  const lineage = (target: Omit<LineageTarget, 'kind' | 'refId'>) => queryHandlers.lineage({ refId: 'A', kind: 'lineage', ...target }, context);
  const nodeIds = (frames: DataFrameJson[]) => (values(byName(frames, 'nodes'), 'id') as string[]).slice().sort();
  const edgeIds = (frames: DataFrameJson[]) => (values(byName(frames, 'edges'), 'id') as string[]).slice().sort();

  describe('traversal', () => {
    it('walks downstream by hops: a source table, the job reading it, what that job writes', async () => {
      const frames = await lineage({ node: ids.publicOrders, direction: 'downstream', depth: 2 });
      expect(nodeIds(frames)).toEqual([ids.publicOrders, ids.loadOrders, ids.rawCustomers, ids.rawOrders].sort());
      expect(edgeIds(frames)).toEqual(
        [`${ids.publicOrders}->${ids.loadOrders}`, `${ids.loadOrders}->${ids.rawOrders}`, `${ids.loadOrders}->${ids.rawCustomers}`].sort(),
      );
      const nodes = byName(frames, 'nodes');
      expect(nodeRow(nodes, ids.loadOrders).detail__depth).toBe(1);
      expect(nodeRow(nodes, ids.rawOrders).detail__depth).toBe(2);
    });

    it('walks upstream without following siblings', async () => {
      const frames = await lineage({ node: ids.fctRevenue, direction: 'upstream', depth: 2 });
      expect(nodeIds(frames)).toEqual([ids.fctRevenue, ids.fctRevenueJob, ids.stgOrders, ids.stgCustomers, ids.rawPayments].sort());
      // edges point the way data flows, whatever the walk's direction
      expect(edgeIds(frames)).toContain(`${ids.fctRevenueJob}->${ids.fctRevenue}`);
      expect(edgeIds(frames)).toContain(`${ids.rawPayments}->${ids.fctRevenueJob}`);
    });

    it('walks both ways around a job, and defaults to both', async () => {
      const both = await lineage({ node: ids.stgCustomersJob, depth: 1 });
      expect(nodeIds(both)).toEqual([ids.stgCustomersJob, ids.rawCustomers, ids.stgCustomers].sort());
      const deeper = await lineage({ node: ids.stgCustomersJob, depth: 3 });
      expect(nodeIds(deeper)).toEqual(
        [
          ids.stgCustomersJob,
          ids.rawCustomers,
          ids.loadOrders,
          ids.publicOrders,
          ids.publicCustomers,
          ids.stgCustomers,
          ids.fctRevenueJob,
          ids.fctRevenue,
        ].sort(),
      );
    });

    it('ends on cycles (raw.orders → stg_orders → snapshot_orders → raw.orders) whatever the depth', async () => {
      const frames = await lineage({ node: ids.rawOrders, direction: 'downstream', depth: 50 });
      const found = nodeIds(frames);
      expect(new Set(found).size).toBe(found.length);
      expect(found).toContain(ids.snapshotOrders);
      expect(edgeIds(frames)).toContain(`${ids.snapshotOrders}->${ids.rawOrders}`);
      expect(found).toContain(ids.revenueExtract);
      const nodes = byName(frames, 'nodes');
      expect(nodeRow(nodes, ids.rawOrders).detail__depth).toBe(0);
      expect(nodeRow(nodes, ids.rawOrders).highlighted).toBe(true);
    });

    it('answers the same graph with the recursive-CTE strategy as with rounds', async () => {
      for (const [node, direction, depth] of [
        [ids.rawOrders, 'downstream', 50],
        [ids.fctRevenue, 'upstream', 3],
        [ids.stgOrdersJob, 'both', 4],
        [ids.publicPayments, 'downstream', 1],
      ] as const) {
        const center = parseNodeId(node);
        const rounds = await loadLineageAround(database, { center, direction, depth, strategy: 'rounds' });
        const recursive = await loadLineageAround(database, { center, direction, depth, strategy: 'recursive' });
        const edgeIdsOf = (g: typeof rounds) => [...g.edges.values()].map((e) => e.id).sort();
        expect(edgeIdsOf(recursive)).toEqual(edgeIdsOf(rounds));
        const depths = (g: typeof rounds) => [...g.nodes.values()].map((n) => `${n.id}@${n.depth}`).sort();
        expect(depths(recursive)).toEqual(depths(rounds));
      }
    });

    it('answers the same when key lists are cut into many chunks', async () => {
      const whole = await lineage({ node: ids.rawOrders, depth: 50 });
      const saved = chunking.keysPerChunk;
      chunking.keysPerChunk = 2;
      try {
        const chunked = await lineage({ node: ids.rawOrders, depth: 50 });
        expect(chunked).toEqual(whole);
        const columns = await queryHandlers.columnLineage({ refId: 'C', kind: 'columnLineage', node: ids.fctRevenue, depth: 10 }, context);
        chunking.keysPerChunk = saved;
        expect(columns).toEqual(await queryHandlers.columnLineage({ refId: 'C', kind: 'columnLineage', node: ids.fctRevenue, depth: 10 }, context));
      } finally {
        chunking.keysPerChunk = saved;
      }
      expect(values(byName(whole, 'nodes'), 'id').length).toBeGreaterThan(8);
    });

    it('as of a past time hides edges and nodes first seen later', async () => {
      const current = await lineage({ node: ids.fctRevenue, direction: 'downstream', depth: 2 });
      expect(nodeIds(current)).toContain(ids.extractJob);
      expect(nodeIds(current)).toContain(ids.revenueExtract);
      const before = await lineage({ node: ids.fctRevenue, direction: 'downstream', depth: 2, asOf: now - 100 * 60_000 });
      expect(nodeIds(before)).toEqual([ids.fctRevenue]);
      const iso = await lineage({ node: ids.fctRevenue, direction: 'downstream', depth: 2, asOf: new Date(now - 70 * 60_000).toISOString() });
      expect(nodeIds(iso)).toEqual([ids.fctRevenue, ids.testFctRevenue].sort());
      expect(byName(iso, 'nodes').meta?.custom?.asOf).toBe(now - 70 * 60_000);

      const notYet = await lineage({ node: ids.extractJob, asOf: now - 2 * hour });
      expect(nodeIds(notYet)).toEqual([]);
      expect(byName(notYet, 'nodes').meta?.notices?.[0].text).toMatch(/first seen/);
    });

    it('draws a whole namespace with the neighbours of its nodes', async () => {
      const frames = await lineage({ namespace: ns.dbt });
      expect(nodeIds(frames)).toEqual(
        [
          ids.stgOrdersJob,
          ids.stgCustomersJob,
          ids.snapshotOrders,
          ids.fctRevenueJob,
          ids.testFctRevenue,
          ids.rawOrders,
          ids.rawCustomers,
          ids.rawPayments,
          ids.stgOrders,
          ids.stgCustomers,
          ids.fctRevenue,
        ].sort(),
      );
      expect(edgeIds(frames)).toHaveLength(11);
      expect(byName(frames, 'nodes').meta?.custom).toMatchObject({ namespace: ns.dbt, nodeCount: 11, edgeCount: 11 });
      const warehouse = await lineage({ namespace: ns.warehouse, asOf: now - 2 * hour });
      expect(nodeIds(warehouse)).not.toContain(ids.extractJob);
      expect(nodeIds(warehouse)).toContain(ids.rawPayments);
    });

    it('cuts the farthest nodes beyond the limit and says so', async () => {
      const frames = await lineage({ node: ids.rawOrders, direction: 'downstream', depth: 50, limit: 3 });
      expect(nodeIds(frames)).toHaveLength(3);
      expect(nodeIds(frames)).toContain(ids.rawOrders);
      const nodes = byName(frames, 'nodes');
      expect(nodes.meta?.custom?.truncated).toBe(true);
      expect(nodes.meta?.notices?.some((n) => n.severity === 'warning')).toBe(true);
      for (const source of values(byName(frames, 'edges'), 'source')) expect(nodeIds(frames)).toContain(source);
    });
  });

  describe('node graph frames', () => {
    it('list nodes nearest first, then by id, and edges in the order of their source and target nodes', async () => {
      const frames = await lineage({ node: ids.rawOrders, direction: 'both', depth: 6 });
      const nodes = byName(frames, 'nodes');
      const nodeIdList = values(nodes, 'id') as string[];
      const depths = values(nodes, 'detail__depth') as number[];
      const nodeOrder = nodeIdList.map((id, i) => ({ id, depth: depths[i] }));
      expect(nodeOrder).toEqual([...nodeOrder].sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : 1)));
      const place = new Map(nodeIdList.map((id, i) => [id, i]));
      const edges = byName(frames, 'edges');
      const targets = values(edges, 'target') as string[];
      const edgePlaces = (values(edges, 'source') as string[]).map((source, i) => [place.get(source) as number, place.get(targets[i]) as number]);
      expect(edgePlaces.length).toBeGreaterThan(3);
      expect(edgePlaces).toEqual([...edgePlaces].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    });

    it('use the Node Graph field names and meta', async () => {
      const frames = await lineage({ node: ids.fctRevenue, depth: 2 });
      expect(frames.map((f) => f.name)).toEqual(['nodes', 'edges']);
      const [nodes, edges] = frames;
      for (const frame of frames) {
        expect(frame.meta?.preferredVisualisationType).toBe('nodeGraph');
        expect(frame.refId).toBe('A');
      }
      expect(nodes.fields.map((f) => f.name)).toEqual([
        'id',
        'title',
        'subtitle',
        'mainstat',
        'secondarystat',
        'arc__healthy',
        'arc__warning',
        'arc__failing',
        'arc__running',
        'arc__unknown',
        'color',
        'highlighted',
        'detail__kind',
        'detail__namespace',
        'detail__health',
        'detail__owners',
        'detail__depth',
        'detail__last_run_state',
        'detail__last_run_at',
        'detail__last_success_at',
        'detail__freshness_status',
        'detail__freshness_age',
        'detail__last_updated_at',
        'detail__warn_after_seconds',
        'detail__critical_after_seconds',
        'detail__last_row_count',
        'detail__quality_pass_ratio',
        'detail__quality_status',
        'detail__failing_checks',
        'detail__pii_columns',
      ]);
      expect(edges.fields.map((f) => f.name)).toEqual(['id', 'source', 'target', 'mainstat', 'detail__direction']);
      const arcs = nodes.fields.filter((f) => f.name.startsWith('arc__'));
      for (const arc of arcs) expect(arc.config?.color).toMatchObject({ mode: 'fixed' });
      for (let i = 0; i < values(nodes, 'id').length; i++) {
        expect(arcs.reduce((sum, arc) => sum + (arc.values[i] as number), 0)).toBeCloseTo(1, 9);
      }
      const row = nodeRow(nodes, ids.fctRevenue);
      expect(row).toMatchObject({ title: 'analytics.fct_revenue', subtitle: ns.warehouse, detail__kind: 'dataset', highlighted: true });
      expect(values(edges, 'mainstat')).toEqual(expect.arrayContaining(['reads', 'writes']));
      // every edge end is a node of the frame
      for (const end of [...values(edges, 'source'), ...values(edges, 'target')]) expect(values(nodes, 'id')).toContain(end);
    });

    it('colour jobs by their latest run and datasets by freshness and quality', async () => {
      const frames = await lineage({ node: ids.fctRevenue, direction: 'both', depth: 4 });
      const nodes = byName(frames, 'nodes');

      const failedJob = nodeRow(nodes, ids.loadPayments);
      expect(failedJob).toMatchObject({ mainstat: 'FAIL', color: 'red', arc__failing: 1, detail__last_run_state: 'FAIL', detail__kind: 'job' });
      const healthyJob = nodeRow(nodes, ids.fctRevenueJob);
      expect(healthyJob).toMatchObject({ color: 'green', arc__healthy: 1, detail__owners: 'team:analytics' });

      const stale = nodeRow(nodes, ids.rawPayments);
      expect(stale).toMatchObject({ detail__freshness_status: 'stale', color: 'red', arc__failing: 1 });
      expect(stale.detail__freshness_age).toBe(72 * 3600);
      expect(stale).toMatchObject({ detail__warn_after_seconds: 6 * 3600, detail__critical_after_seconds: 24 * 3600 });
      expect(stale.mainstat).toBe('stale, 3d');

      const fresh = nodeRow(nodes, ids.rawCustomers);
      expect(fresh).toMatchObject({ detail__freshness_status: 'fresh', color: 'green', arc__healthy: 1, detail__owners: 'team:ingest', detail__pii_columns: 'email' });

      // fresh (half the circle) and 1 of 2 checks failing (a quarter failing): failing overall
      const tested = nodeRow(nodes, ids.fctRevenue);
      expect(tested).toMatchObject({ detail__freshness_status: 'fresh', detail__quality_pass_ratio: 0.5, color: 'red', arc__healthy: 0.75, arc__failing: 0.25 });
      expect(tested.detail__failing_checks).toBe('not_null(customer_email)');
      expect(tested.detail__quality_status).toBe('failing');
      expect(fresh.detail__quality_status).toBeNull();
      expect(tested.secondarystat).toBe('quality 50% (1/2)');

      // no SLA and no checks: unknown
      const source = nodeRow(nodes, ids.publicPayments);
      expect(source).toMatchObject({ detail__freshness_status: 'unknown', arc__unknown: 1, color: '#8e8e8e' });
    });
  });

  describe('column lineage', () => {
    const columns = (target: Omit<ColumnLineageTarget, 'kind' | 'refId'>) =>
      queryHandlers.columnLineage({ refId: 'C', kind: 'columnLineage', ...target }, context);

    it('follows a column upstream through two hops and more', async () => {
      const frames = await columns({ node: ids.fctRevenue, column: 'revenue', depth: 2 });
      const table = byName(frames, 'columnLineage');
      expect(table.meta?.preferredVisualisationType).toBe('table');
      expect(table.fields.map((f) => f.name)).toEqual(['dataset', 'column', 'input_dataset', 'input_column', 'transformation', 'depth']);
      expect(values(table, 'input_dataset')).toEqual([ids.stgOrders, ids.rawOrders]);
      expect(values(table, 'input_column')).toEqual(['amount', 'amount']);
      expect(values(table, 'transformation')).toEqual(['DIRECT/AGGREGATION', 'DIRECT/IDENTITY']);
      expect(values(table, 'depth')).toEqual([1, 2]);

      const deeper = await columns({ node: ids.fctRevenue, column: 'revenue', depth: 10 });
      expect(values(byName(deeper, 'columnLineage'), 'input_dataset')).toEqual([ids.stgOrders, ids.rawOrders, ids.publicOrders]);

      const nodes = byName(deeper, 'nodes');
      const edges = byName(deeper, 'edges');
      expect(nodes.meta?.preferredVisualisationType).toBe('nodeGraph');
      expect(values(nodes, 'id')).toEqual([`${ids.fctRevenue}#revenue`, `${ids.stgOrders}#amount`, `${ids.rawOrders}#amount`, `${ids.publicOrders}#amount`]);
      expect(values(edges, 'source')).toContain(`${ids.stgOrders}#amount`);
      expect(values(edges, 'target')).toContain(`${ids.fctRevenue}#revenue`);
      expect(edges.fields.map((f) => f.name)).toEqual(['id', 'source', 'target', 'mainstat']);
    });

    it('covers every column of a dataset and marks PII columns', async () => {
      const frames = await columns({ node: ids.fctRevenue });
      const table = byName(frames, 'columnLineage');
      const direct = values(table, 'depth').map((d, i) => (d === 1 ? values(table, 'column')[i] : null)).filter(Boolean);
      expect(new Set(direct)).toEqual(new Set(['revenue', 'customer_email']));
      expect(values(table, 'depth')).toContain(3);
      const nodes = byName(frames, 'nodes');
      const pii = nodeRow(nodes, `${ids.rawCustomers}#email`);
      expect(pii).toMatchObject({ detail__pii: true, mainstat: 'PII', title: 'email', subtitle: 'raw.customers' });
      expect(nodeRow(nodes, `${ids.stgOrders}#amount`).detail__pii).toBe(false);
    });

    it('answers empty frames with a notice when nothing is recorded', async () => {
      const frames = await columns({ node: ids.rawPayments });
      expect(values(byName(frames, 'columnLineage'), 'column')).toEqual([]);
      expect(byName(frames, 'columnLineage').meta?.notices?.[0].text).toMatch(/no column lineage/);
    });
  });

  describe('impact', () => {
    const impact = (target: Omit<ImpactTarget, 'kind' | 'refId'>) => queryHandlers.impact({ refId: 'I', kind: 'impact', ...target }, context);

    it('lists everything downstream with depth, owners and freshness, and sums it up', async () => {
      const [frame] = await impact({ node: ids.rawPayments });
      expect(frame.name).toBe('impact');
      expect(values(frame, 'node')).toEqual([ids.fctRevenueJob, ids.fctRevenue, ids.testFctRevenue, ids.extractJob, ids.revenueExtract]);
      expect(values(frame, 'depth')).toEqual([1, 2, 3, 3, 4]);
      expect(values(frame, 'direct')).toEqual([true, true, false, false, false]);
      expect(values(frame, 'kind')).toEqual(['job', 'dataset', 'job', 'job', 'dataset']);
      expect(values(frame, 'owners')[1]).toBe('team:analytics');
      expect(frame.meta?.custom?.summary).toMatchObject({
        node: ids.rawPayments,
        affectedDatasets: 2,
        affectedJobs: 3,
        distinctOwners: 1,
        owners: ['team:analytics'],
        staleDatasets: 0,
      });
    });

    it('flags downstream datasets that are already stale', async () => {
      const [frame] = await impact({ node: ids.loadPayments, depth: 1 });
      expect(values(frame, 'node')).toEqual([ids.rawPayments]);
      expect(values(frame, 'stale')).toEqual([true]);
      expect(values(frame, 'freshness_status')).toEqual(['stale']);
      expect(frame.meta?.custom?.summary).toMatchObject({ affectedDatasets: 1, affectedJobs: 0, staleDatasets: 1, stale: [ids.rawPayments] });

      const [wide] = await impact({ node: ids.publicOrders });
      const summary = wide.meta?.custom?.summary as Record<string, unknown>;
      expect(summary.owners).toEqual(['team:analytics', 'team:ingest']);
      expect(summary.staleDatasets).toBe(0);
      expect(values(wide, 'node')).toContain(ids.revenueExtract);
    });
  });

  it('answers through runQuery: frames per target, and a 400 naming the target field', async () => {
    const response = await runQuery(
      {
        targets: [
          { refId: 'G', kind: 'lineage', node: ids.rawPayments, direction: 'downstream', depth: 2 },
          { refId: 'B', kind: 'lineage', node: ids.rawPayments, depth: 500 },
          { refId: 'N', kind: 'lineage', node: 'rawPayments' },
          { refId: 'E', kind: 'lineage', node: ids.rawPayments, depth: '', direction: '', asOf: '' } as never,
        ],
      },
      { database, slas: scenarioSlas, now },
    );
    expect(response.results.G.frames.map((f) => [f.name, f.refId])).toEqual([
      ['nodes', 'G'],
      ['edges', 'G'],
    ]);
    expect(response.results.B).toMatchObject({ status: 400, frames: [] });
    expect(response.results.B.error).toMatch(/^targets\/1\/depth: /);
    expect(response.results.N.error).toMatch(/^targets\/2\/node: /);
    expect(response.results.E.error).toBeUndefined();
  });

  describe('bad targets are 400s naming the field', () => {
    const expectQueryError = async (promise: Promise<unknown>, field: string, message?: RegExp) => {
      const error = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(QueryError);
      expect((error as QueryError).field).toBe(field);
      if (message) expect((error as QueryError).message).toMatch(message);
    };

    it('rejects node ids, depths, directions, limits and times', async () => {
      await expectQueryError(lineage({ node: 'orders' }), 'node', /not a node id/);
      await expectQueryError(lineage({ node: 'dataset:nowhere:nothing' }), 'node', /no dataset/);
      await expectQueryError(lineage({}), 'node');
      await expectQueryError(lineage({ node: ids.rawOrders, depth: 0 }), 'depth', /1 to 50/);
      await expectQueryError(lineage({ node: ids.rawOrders, depth: 51 }), 'depth');
      await expectQueryError(lineage({ node: ids.rawOrders, depth: 2.5 }), 'depth');
      await expectQueryError(lineage({ node: ids.rawOrders, depth: 'deep' as unknown as number }), 'depth');
      await expectQueryError(lineage({ node: ids.rawOrders, direction: 'sideways' as never }), 'direction');
      await expectQueryError(lineage({ node: ids.rawOrders, asOf: 'yesterday' }), 'asOf');
      await expectQueryError(lineage({ namespace: ns.dbt, limit: 0 }), 'limit');
      await expectQueryError(queryHandlers.impact({ refId: 'I', kind: 'impact', node: 'job:x' }, context), 'node');
      await expectQueryError(queryHandlers.impact({ refId: 'I', kind: 'impact', node: ids.rawOrders, depth: 99 }, context), 'depth');
      await expectQueryError(queryHandlers.columnLineage({ refId: 'C', kind: 'columnLineage', node: ids.loadOrders }, context), 'node', /dataset node id/);
      await expectQueryError(
        queryHandlers.columnLineage({ refId: 'C', kind: 'columnLineage', node: ids.rawOrders, depth: -1 }, context),
        'depth',
      );
    });
  });
});
