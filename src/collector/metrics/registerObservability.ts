import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ModuleLoggers } from '../logging/moduleLoggers';
import type { SlaResolver } from '../sla/slaResolver';
import type { IngestSink } from '../store/ingestSink';
import type { PaneDatabase } from '../store/openDatabase';
import { registerAdminRoutes } from '../http/routes/adminRoutes';
import { CollectorMetrics } from './collectorMetrics';

declare module 'fastify' {
  interface FastifyInstance {
    /** per-module loggers whose levels change at runtime (PUT /api/v1/admin/log-level) */
    paneLoggers: ModuleLoggers;
    /** the collector's Prometheus metrics */
    paneMetrics: CollectorMetrics;
  }
}

export interface ObservabilityOptions {
  database: PaneDatabase;
  writer: IngestSink;
  slas: SlaResolver;
  /** how long dataset/job metrics are reused between scrapes (default 10 s) */
  metricsCacheMs?: number;
}

/** Which ingest source a route serves: OpenLineage paths, and `/api/v1/ingest/<source>...`. */
export function ingestSourceOfRoute(method: string, route: string | undefined): string | undefined {
  if (method !== 'POST' || !route) return undefined;
  if (route === '/api/v1/lineage' || route === '/api/v1/lineage/batch') return 'openlineage';
  const match = /^\/api\/v1\/ingest\/([a-z0-9_-]+)/.exec(route);
  if (!match) return undefined;
  return match[1] === 'runs' ? 'plain' : match[1];
}

interface IngestAnswer {
  stored: number;
  duplicate: number;
  rejected: number;
  error?: string;
}

/** Reads what an ingest answer body says: outcomes per document, or the error code. */
export function readIngestAnswer(payload: string): IngestAnswer | undefined {
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (Array.isArray(b.failed) && typeof b.received === 'number') {
    return {
      stored: Number(b.stored ?? 0),
      duplicate: Number(b.duplicates ?? 0),
      rejected: b.failed.length,
      ...(b.status === 'failure' ? { error: 'invalid_document' } : {}),
    };
  }
  if (typeof b.error === 'string') {
    return { stored: 0, duplicate: 0, rejected: 0, error: /^[a-z_]{1,40}$/.test(b.error) ? b.error : 'other' };
  }
  if (b.status === 'stored') return { stored: 1, duplicate: 0, rejected: 0 };
  if (b.status === 'duplicate') return { stored: 0, duplicate: 1, rejected: 0 };
  return undefined;
}

/**
 * Metrics, per-module logging and their endpoints, added to the collector app:
 * - `GET /metrics`: Prometheus exposition, public and read-only like /api/v1/health;
 * - `GET|PUT /api/v1/admin/log-level`: per-module log levels (read / write scope);
 * - hooks that count ingest requests, documents and errors by source and time every request.
 * Hooks only observe: they never change a response.
 */
export function registerObservability(app: FastifyInstance, options: ObservabilityOptions): CollectorMetrics {
  const loggers = new ModuleLoggers(app.log);
  const metrics = new CollectorMetrics({
    database: options.database,
    writer: options.writer,
    slas: options.slas,
    cacheMs: options.metricsCacheMs,
    log: loggers.get('store'),
  });
  app.decorate('paneLoggers', loggers);
  app.decorate('paneMetrics', metrics);

  const answers = new WeakMap<FastifyRequest, IngestAnswer>();

  app.addHook('onRequest', async (request) => {
    // Every request logs through the "http" module, so its level applies to request logs.
    request.log = loggers.get('http').child({ reqId: request.id });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload === 'string' && payload.length < 4_000_000 && ingestSourceOfRoute(request.method, request.routeOptions.url)) {
      const answer = readIngestAnswer(payload);
      if (answer) answers.set(request, answer);
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    const code = String(reply.statusCode);
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe({ method: request.method, route: route ?? 'unmatched', code }, seconds);
    const source = ingestSourceOfRoute(request.method, route);
    if (source) {
      metrics.ingestRequests.inc({ source, code });
      const answer = answers.get(request);
      if (answer) {
        if (answer.stored) metrics.ingestDocuments.inc({ source, outcome: 'stored' }, answer.stored);
        if (answer.duplicate) metrics.ingestDocuments.inc({ source, outcome: 'duplicate' }, answer.duplicate);
        if (answer.rejected) metrics.ingestDocuments.inc({ source, outcome: 'rejected' }, answer.rejected);
      }
      if (reply.statusCode >= 400) {
        const error = answer?.error ?? (reply.statusCode >= 500 ? 'internal_error' : 'bad_request');
        metrics.ingestErrors.inc({ source, error });
      } else {
        metrics.acknowledgement.observe({ source }, seconds);
      }
      const ingestLog = loggers.get('ingest');
      if (reply.statusCode >= 500) ingestLog.error({ source, route, status: reply.statusCode, ms: reply.elapsedTime }, 'ingest request failed');
      else ingestLog.debug({ source, route, status: reply.statusCode, ms: reply.elapsedTime, ...answer }, 'ingest request');
    } else if (route === '/api/v1/query') {
      loggers.get('query').debug({ status: reply.statusCode, ms: reply.elapsedTime }, 'query answered');
    }
    loggers.get('http').debug({ method: request.method, url: request.url, route, status: reply.statusCode, ms: reply.elapsedTime }, 'request');
  });

  // Public like /api/v1/health: Prometheus scrapes without a token by convention. It reveals
  // dataset and job names, owners and teams: keep the port on a private network.
  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.exposition();
    reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(text);
  });

  registerAdminRoutes(app, loggers);
  return metrics;
}
