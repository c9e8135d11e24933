import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { CollectorClient } from './collectorClient';
import { CliError } from './exitCodes';

/**
 * The client against real HTTP servers that answer the way a collector (or something that is
 * not one) can: each failure must become the right exit code and a sentence naming what to do.
 */
type Handler = (request: http.IncomingMessage, body: Buffer, response: http.ServerResponse) => void;
const servers: http.Server[] = [];

async function serve(handler: Handler): Promise<string> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => handler(request, Buffer.concat(chunks), response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const json = (response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

async function failure(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('CollectorClient', () => {
  test('sends the token, keeps a path prefix of --url, and gzips large bodies', async () => {
    const seen: Array<{ url?: string; auth?: string; encoding?: string; body: string }> = [];
    const url = await serve((request, body, response) => {
      const text = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body).toString() : body.toString();
      seen.push({ url: request.url, auth: request.headers.authorization, encoding: request.headers['content-encoding'], body: text });
      json(response, 201, { status: 'stored' });
    });
    const client = new CollectorClient({ url: `${url}/pane`, token: 'secret-token', timeoutMs: 5000 });
    const big = { data: 'x'.repeat(10_000) };
    await client.post('/api/v1/ingest/dlt', big, { gzipAbove: 1000 });
    await client.post('/api/v1/ingest/dlt', { small: true }, { gzipAbove: 1000 });
    expect(seen[0]).toMatchObject({ url: '/pane/api/v1/ingest/dlt', auth: 'Bearer secret-token', encoding: 'gzip', body: JSON.stringify(big) });
    expect(seen[1].encoding).toBeUndefined();
  });

  test('connection refused → 3, with the address and what to do', async () => {
    const url = await serve(() => undefined);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const error = await failure(new CollectorClient({ url, timeoutMs: 2000 }).get('/api/v1/health'));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(`cannot reach the collector at ${url}: connection refused`);
    expect(error.message).toContain('PANE_URL');
  });

  test('no answer within the timeout → 3', async () => {
    const url = await serve(() => undefined);
    const error = await failure(new CollectorClient({ url, timeoutMs: 200 }).get('/api/v1/health'));
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/did not answer within 0\.2 s/);
  });

  test('401 and 403 → 4; the token itself is never printed', async () => {
    const url = await serve((request, _body, response) =>
      request.url?.includes('ingest')
        ? json(response, 403, { error: 'forbidden', message: 'this token has scope "read"; this path needs "write"' })
        : json(response, 401, { error: 'unauthorized', message: 'the API token is not valid' }),
    );
    const client = new CollectorClient({ url, token: 'wrong-secret-token', timeoutMs: 2000 });
    const unauthorized = await failure(client.get('/api/v1/whoami'));
    expect(unauthorized.exitCode).toBe(4);
    expect(unauthorized.message).toBe('the collector refused the token (the API token is not valid); check --token or PANE_TOKEN');
    const forbidden = await failure(client.post('/api/v1/ingest/dlt', {}));
    expect(forbidden.exitCode).toBe(4);
    expect(forbidden.message).toContain('scope "read"');
    const missing = await failure(new CollectorClient({ url, timeoutMs: 2000 }).get('/api/v1/whoami'));
    expect(missing.message).toMatch(/needs a token.*PANE_TOKEN/);
    for (const error of [unauthorized, forbidden, missing]) expect(error.message).not.toContain('wrong-secret-token');
  });

  test('400 → 2 with the fields named; 5xx, 404 and non-JSON → 3', async () => {
    const url = await serve((request, _body, response) => {
      if (request.url?.endsWith('bad')) return json(response, 400, { error: 'invalid_query', message: 'targets/0/depth: must be 1 to 50', problems: [{ path: '/targets/0/depth', message: 'must be 1 to 50' }] });
      if (request.url?.endsWith('boom')) return json(response, 500, { error: 'internal_error', message: 'see its log' });
      if (request.url?.endsWith('html')) {
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end('<html>a login page</html>');
      }
      json(response, 404, { error: 'not_found', message: 'no route' });
    });
    const client = new CollectorClient({ url, timeoutMs: 2000 });
    const bad = await failure(client.post('/bad', {}));
    expect(bad.exitCode).toBe(2);
    expect(bad.details).toEqual(['/targets/0/depth: must be 1 to 50']);
    expect((await failure(client.post('/boom', {}))).exitCode).toBe(3);
    const html = await failure(client.get('/html'));
    expect(html.exitCode).toBe(3);
    expect(html.message).toMatch(/not JSON: is --url/);
    expect((await failure(client.get('/elsewhere'))).exitCode).toBe(3);
  });

  test('503 overloaded is retried after Retry-After, then gives up with 3', async () => {
    let calls = 0;
    const url = await serve((_request, _body, response) => {
      calls += 1;
      if (calls < 3) return json(response, 503, { error: 'overloaded', message: 'busy' }, { 'retry-after': '0' });
      json(response, 200, { ok: true });
    });
    const client = new CollectorClient({ url, timeoutMs: 2000 });
    expect((await client.post('/x', {}, { retries: 3 })).body).toEqual({ ok: true });
    expect(calls).toBe(3);
    calls = -100;
    const error = await failure(client.post('/x', {}, { retries: 1 }));
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/overloaded/);
  });

  test('a query target the collector refuses is a usage error naming the field', async () => {
    const url = await serve((_request, _body, response) =>
      json(response, 200, { results: { A: { frames: [], error: 'targets/0/node: no dataset "x" is known', status: 400 } } }),
    );
    const error = await failure(new CollectorClient({ url, timeoutMs: 2000 }).frames({ refId: 'A', kind: 'impact', node: 'dataset:a:x' }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('the collector refused the query: targets/0/node: no dataset "x" is known');
  });
});
