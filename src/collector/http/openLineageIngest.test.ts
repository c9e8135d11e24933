
import http from 'node:http';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRows, readAuth, testCollectorApp, writeAuth } from '../../../tests/node/support/collectorApp';
import { runEvent } from '../../../tests/node/support/openLineageEvents';
import { createTestDatabase, freshDatabasePerTest, testDatabaseKinds } from '../../../tests/node/support/testDatabases';
import type { PaneDatabase } from '../store/openDatabase';

const json = { 'content-type': 'application/json' };

describe.each(testDatabaseKinds)('OpenLineage ingest on %s', (kind) => {
  const fresh = freshDatabasePerTest(kind);
  let database: PaneDatabase;
  let app: FastifyInstance;

  beforeEach(() => {
    database = fresh.database;
    app = testCollectorApp(database).app;
  });
  afterEach(async () => {
    await app.close();
  });

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { ...json, ...writeAuth, ...headers }, payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) });

  it('stores a RunEvent with 201 like Marquez, and the same event twice only once', async () => {
    const event = runEvent();
    const first = await post('/api/v1/lineage', event);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ status: 'stored' });
    // A transport retry sends the same event again.
    const again = await post('/api/v1/lineage', JSON.parse(JSON.stringify(event)));
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual({ status: 'duplicate' });
    expect(await countRows(database, 'events')).toBe(1);
    const run = await database.db.selectFrom('runs').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ run_id: event.run.runId, state: 'COMPLETE', orchestrator: 'airflow', job_name: 'orders_daily.load_orders' });
    const output = await database.db.selectFrom('run_datasets').selectAll().where('direction', '=', 'output').executeTakeFirstOrThrow();
    expect(output).toMatchObject({ name: 'analytics.staging.orders', row_count: 1200, bytes: 48000 });
  });

  it('takes gzip bodies', async () => {
    const response = await post('/api/v1/lineage', zlib.gzipSync(JSON.stringify(runEvent())), { 'content-encoding': 'gzip' });
    expect(response.statusCode).toBe(201);
    expect(await countRows(database, 'runs')).toBe(1);
  });

  it('keeps custom facets', async () => {
    const event = runEvent({
      runFacets: { acme_cost: { _producer: 'https://acme.example/cost', _schemaURL: 'https://acme.example/cost.json', dollars: 3.5 } },
    });
    expect((await post('/api/v1/lineage', event)).statusCode).toBe(201);
    const run = await database.db.selectFrom('runs').select('facets').executeTakeFirstOrThrow();
    expect(JSON.parse(run.facets as string).acme_cost.dollars).toBe(3.5);
    const stored = await database.db.selectFrom('events').select('payload').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.payload).run.facets.acme_cost.dollars).toBe(3.5);
  });

  const badRequests: Array<[string, () => Promise<{ statusCode: number; json(): any }>, number, string, string?]> = [
    ['malformed JSON', () => post('/api/v1/lineage', '{"eventType": "START",'), 400, 'invalid_json'],
    ['a wrong type', () => post('/api/v1/lineage', { ...runEvent(), eventTime: 12 }), 400, 'invalid_document', '/eventTime'],
    ['a missing required field', () => post('/api/v1/lineage', { ...runEvent(), job: { namespace: 'x' } }), 400, 'invalid_document', '/job/name'],
    ['an unknown eventType', () => post('/api/v1/lineage', { ...runEvent(), eventType: 'FINISHED' }), 400, 'invalid_document', '/eventType'],
    ['a runId that is not a UUID', () => post('/api/v1/lineage', runEvent({ runId: 'run-42' })), 400, 'invalid_document', '/run/runId'],
    ['a body over the size limit', () => post('/api/v1/lineage', { ...runEvent(), padding: 'x'.repeat(1024 * 1024) }), 413, 'body_too_large'],
    ['a wrong content type', () => post('/api/v1/lineage', JSON.stringify(runEvent()), { 'content-type': 'text/plain' }), 415, 'unsupported_media_type'],
    ['broken gzip', () => post('/api/v1/lineage', Buffer.from('definitely not gzip'), { 'content-encoding': 'gzip' }), 400, 'invalid_gzip'],
    ['an array on the single-event path', () => post('/api/v1/lineage', [runEvent()]), 400, 'invalid_document', '/'],
  ];

  it.each(badRequests)('refuses %s with a JSON error naming it, storing nothing', async (_name, send, status, code, path) => {
    const response = await send();
    expect(response.statusCode).toBe(status);
    const body = response.json();
    expect(body.error).toBe(code);
    expect(body.message).toEqual(expect.any(String));
    if (path) expect(body.problems.map((p: { path: string }) => p.path)).toContain(path);
    expect(await countRows(database, 'events')).toBe(0);
    expect(await countRows(database, 'runs')).toBe(0);
  });

  it('stores the good events of a batch and reports the bad ones by index', async () => {
    const good = [runEvent(), runEvent({ eventType: 'START' })];
    const response = await post('/api/v1/lineage/batch', [good[0], runEvent({ runId: 'nope' }), good[1], { hello: 'world' }]);
    expect(response.statusCode).toBe(207);
    const body = response.json();
    expect(body).toMatchObject({ status: 'partial_success', received: 4, stored: 2, duplicates: 0 });
    expect(body.failed.map((f: { index: number }) => f.index)).toEqual([1, 3]);
    expect(body.failed[0].problems[0].path).toBe('/1/run/runId');
    expect(await countRows(database, 'runs')).toBe(2);

    const allGood = await post('/api/v1/lineage/batch', good);
    expect(allGood.statusCode).toBe(200);
    expect(allGood.json()).toMatchObject({ status: 'success', stored: 0, duplicates: 2 });
    expect((await post('/api/v1/lineage/batch', { not: 'an array' })).statusCode).toBe(400);
  });

  it('asks for a token, refuses a wrong one, and keeps read tokens off ingest paths', async () => {
    const event = JSON.stringify(runEvent());
    const noToken = await app.inject({ method: 'POST', url: '/api/v1/lineage', headers: json, payload: event });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.headers['www-authenticate']).toBe('Bearer');
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/lineage', headers: { ...json, authorization: 'Bearer not-a-real-token-000000' }, payload: event });
    expect(wrong.statusCode).toBe(401);
    const readOnly = await app.inject({ method: 'POST', url: '/api/v1/lineage', headers: { ...json, ...readAuth }, payload: event });
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json().message).toContain('needs "write"');
    const whoami = await app.inject({ method: 'GET', url: '/api/v1/whoami', headers: readAuth });
    expect(whoami.json().scope).toBe('read');
    const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(health.json()).toMatchObject({ status: 'ok', database: kind });
    expect(await countRows(database, 'events')).toBe(0);
  });

  it('answers 503 with Retry-After when the write queue is full, and loses no acknowledged event', async () => {
    await app.close();
    app = testCollectorApp(database, { maxQueuedEnvelopes: 1 }).app;
    const events = Array.from({ length: 30 }, () => runEvent());
    const responses = await Promise.all(events.map((event) => post('/api/v1/lineage', event)));
    const refused = responses.filter((r) => r.statusCode === 503);
    const accepted = responses.filter((r) => r.statusCode === 201);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].headers['retry-after']).toBe('1');
    expect(accepted.length + refused.length).toBe(30);
    expect(await countRows(database, 'runs')).toBe(accepted.length);
  });
});

describe('request admission', () => {
  it('answers 503 with Retry-After before reading a body when too many requests are in flight', async () => {
    const testDatabase = await createTestDatabase('sqlite');
    const database = await testDatabase.open();
    const { app } = testCollectorApp(database, { maxInFlightRequests: 1 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    // A slow client holds the only slot by sending half a body.
    const slow = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/lineage', headers: { ...json, ...writeAuth, 'content-length': '1000' } });
    slow.on('error', () => {});
    slow.write('{"eventType":');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await fetch(`http://127.0.0.1:${port}/api/v1/lineage`, { method: 'POST', headers: { ...json, ...writeAuth }, body: JSON.stringify(runEvent()) });
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    slow.destroy();
    await app.close();
    await database.close();
    await testDatabase.dispose();
  });
});

