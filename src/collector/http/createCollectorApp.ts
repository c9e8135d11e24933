import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { CollectorConfig } from '../collectorConfig';
import { precompileOpenLineageValidators } from '../ingest/openlineage/validateOpenLineageEvent';
import { InvalidDocumentError } from '../model/validationError';
import { IngestOverloadedError, type IngestSink } from '../store/ingestSink';
import { IngestWriter } from '../store/ingestWriter';
import type { PaneDatabase } from '../store/openDatabase';
import { scopeAllows, type TokenScope } from './apiTokens';
import { decompressedBody } from './decompressBody';
import { type ErrorBody, HttpError } from './errorResponses';
import { registerDbtRoutes } from './routes/dbtRoutes';
import { registerDltRoutes } from './routes/dltRoutes';
import { registerHealthRoutes } from './routes/healthRoutes';
import { registerOpenLineageRoutes } from './routes/openLineageRoutes';
import { registerPlainRunRoutes } from './routes/plainRunRoutes';
import { registerQueryRoutes } from './routes/queryRoutes';
import { registerSlaRoutes } from './routes/slaRoutes';
import { registerObservability } from '../metrics/registerObservability';
import { noSlas, type SlaResolver } from '../sla/slaResolver';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the token scope a route needs; routes without one are public (health) */
    scope?: TokenScope;
  }
  interface FastifyRequest {
    /** the scope of the presented token, once authenticated */
    tokenScope?: TokenScope;
  }
}

export interface CollectorApp {
  app: FastifyInstance;
  writer: IngestSink;
}

export type CollectorAppConfig = Pick<
  CollectorConfig,
  'tokens' | 'authRequired' | 'bodyLimitBytes' | 'maxQueuedEnvelopes' | 'maxInFlightRequests' | 'logLevel'
> & {
  /** which SLA applies to each dataset and job; none configured by default */
  slas?: SlaResolver;
};

/** `writer` defaults to an IngestWriter on `database`'s own connection. */
export function createCollectorApp(config: CollectorAppConfig, database: PaneDatabase, writer?: IngestSink): CollectorApp {
  const app = Fastify({
    bodyLimit: config.bodyLimitBytes,
    logger: { level: config.logLevel },
    // Retries from OpenLineage transports reuse connections; keep them open a little longer than Node's 5 s.
    keepAliveTimeout: 65_000,
    logController: new LogController({ disableRequestLogging: true }),
  });
  const sink = writer ?? new IngestWriter(database, { maxQueuedEnvelopes: config.maxQueuedEnvelopes });
  // Compiling the schemas takes a few hundred ms: pay it at start, not on the first event.
  precompileOpenLineageValidators();

  let inFlight = 0;
  app.addHook('onRequest', async (request, reply) => {
    // Refuse before the body is read, so memory stays bounded by maxInFlight × bodyLimit.
    if (inFlight >= config.maxInFlightRequests) {
      throw new HttpError(503, 'overloaded', 'the collector is handling too many requests; retry shortly', undefined, {
        'retry-after': '1',
      });
    }
    inFlight += 1;
    reply.raw.once('close', () => {
      inFlight -= 1;
    });
    const required = request.routeOptions.config.scope;
    if (!required || !config.authRequired) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) {
      throw new HttpError(401, 'unauthorized', 'missing API token: send "Authorization: Bearer <token>"', undefined, {
        'www-authenticate': 'Bearer',
      });
    }
    const scope = config.tokens.scopeOf(match[1].trim());
    if (!scope) {
      throw new HttpError(401, 'unauthorized', 'the API token is not valid', undefined, { 'www-authenticate': 'Bearer' });
    }
    request.tokenScope = scope;
    if (!scopeAllows(scope, required)) {
      throw new HttpError(403, 'forbidden', `this token has scope "${scope}"; this path needs "${required}"`);
    }
  });

  app.addHook('preParsing', async (request, _reply, payload) => decompressedBody(request, payload));

  // Only JSON is taken; Fastify answers 415 for any other media type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/x-ndjson'], { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (request.headers['content-type']?.includes('ndjson')) {
      try {
        done(null, parseNdjson(text));
      } catch (error) {
        done(error as Error);
      }
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new HttpError(400, 'invalid_json', `the request body is not valid JSON: ${(error as Error).message}`));
    }
  });

  app.setErrorHandler((error: FastifyError | HttpError | InvalidDocumentError | Error, request, reply) => {
    const { status, body, headers } = errorResponse(error);
    // 503 is the overload answer, expected under load: not an error of the collector.
    if (status >= 500 && status !== 503) request.log.error({ err: error }, 'request failed');
    reply.status(status).headers(headers).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: 'not_found', message: `no route for ${request.method} ${request.url}` } satisfies ErrorBody);
  });

  registerHealthRoutes(app, database);
  registerOpenLineageRoutes(app, sink);
  registerDltRoutes(app, sink);
  registerDbtRoutes(app, sink);
  registerPlainRunRoutes(app, sink, database);
  registerQueryRoutes(app, database, config.slas ?? noSlas);
  registerSlaRoutes(app, database, config.slas ?? noSlas);
  registerObservability(app, { database, writer: sink, slas: config.slas ?? noSlas });
  return { app, writer: sink };
}

function parseNdjson(text: string): unknown[] {
  const lines = text.split('\n');
  const documents: unknown[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      documents.push(JSON.parse(line));
    } catch (error) {
      throw new HttpError(400, 'invalid_json', `line ${index + 1} is not valid JSON: ${(error as Error).message}`, [
        { path: `/${documents.length}`, message: 'is not valid JSON' },
      ]);
    }
  });
  return documents;
}

function errorResponse(error: Error & { statusCode?: number; code?: string }): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  if (error instanceof HttpError) return { status: error.statusCode, body: error.toBody(), headers: error.headers };
  if (error instanceof InvalidDocumentError) {
    return {
      status: error.statusCode,
      body: { error: 'invalid_document', message: error.message, problems: error.problems },
      headers: {},
    };
  }
  if (error instanceof IngestOverloadedError) {
    return {
      status: 503,
      body: { error: 'overloaded', message: error.message },
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (typeof error.code === 'string' && error.code.startsWith('Z_')) {
    return { status: 400, body: { error: 'invalid_gzip', message: `the request body is not valid gzip: ${error.message}` }, headers: {} };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: 'body_too_large', message: error.message }, headers: {} };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: { error: 'unsupported_media_type', message: `${error.message}; send Content-Type: application/json` },
        headers: {},
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { error: 'empty_body', message: 'the request body is empty; send a JSON document' }, headers: {} };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { error: 'invalid_content_length', message: error.message }, headers: {} };
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  return {
    status,
    body: { error: status >= 500 ? 'internal_error' : 'bad_request', message: status >= 500 ? 'the collector failed to handle this request; see its log' : error.message },
    headers: {},
  };
}
