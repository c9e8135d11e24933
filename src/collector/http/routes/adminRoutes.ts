import type { FastifyInstance } from 'fastify';
import { isLogLevel, isLogModule, logLevels, logModules, type ModuleLoggers } from '../../logging/moduleLoggers';
import { HttpError } from '../errorResponses';

/**
 * Runtime log levels per module, without a restart:
 * - `GET /api/v1/admin/log-level` (read scope): `{ "levels": { "*": "info", "ingest": "info", ... } }`;
 * - `PUT /api/v1/admin/log-level` (write scope) with `{ "module": "ingest", "level": "debug" }`
 *   (`"module": "*"` sets every module and the root logger) answers the levels after the change.
 * Levels are per process: with several replicas, send the PUT to each.
 */
export function registerAdminRoutes(app: FastifyInstance, loggers: ModuleLoggers): void {
  app.get('/api/v1/admin/log-level', { config: { scope: 'read' } }, async () => ({
    levels: loggers.levels(),
    modules: ['*', ...logModules],
    allowedLevels: logLevels,
  }));

  app.put('/api/v1/admin/log-level', { config: { scope: 'write' } }, async (request) => {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new HttpError(400, 'invalid_document', 'send a JSON object like { "module": "ingest", "level": "debug" }', [
        { path: '/', message: 'must be an object with module and level' },
      ]);
    }
    const { module, level } = body as { module?: unknown; level?: unknown };
    if (!isLogModule(module)) {
      throw new HttpError(400, 'invalid_document', `module must be one of *, ${logModules.join(', ')}`, [
        { path: '/module', message: `${JSON.stringify(module ?? null)} is not one of *, ${logModules.join(', ')}` },
      ]);
    }
    if (!isLogLevel(level)) {
      throw new HttpError(400, 'invalid_document', `level must be one of ${logLevels.join(', ')}`, [
        { path: '/level', message: `${JSON.stringify(level ?? null)} is not one of ${logLevels.join(', ')}` },
      ]);
    }
    const before = loggers.levels();
    loggers.setLevel(module, level);
    const levels = loggers.levels();
    app.log.warn({ logModule: module, from: module === '*' ? before['*'] : before[module], to: level }, 'log level changed');
    return { levels };
  });
}
