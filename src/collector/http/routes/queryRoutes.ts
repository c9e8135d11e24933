import type { FastifyInstance } from 'fastify';
import type { QueryRequest } from '../../../contract/query';
import { QueryError } from '../../query/queryContext';
import { runQuery } from '../../query/runQuery';
import type { SlaResolver } from '../../sla/slaResolver';
import type { PaneDatabase } from '../../store/openDatabase';
import { HttpError } from '../errorResponses';

/**
 * `POST /api/v1/query`: Grafana-like targets and a range in, data frames out (read scope).
 * A malformed request is a 400 naming the field; a target with bad filters answers its own
 * error (status 400) inside a 200 while the other targets answer.
 */
export function registerQueryRoutes(app: FastifyInstance, database: PaneDatabase, slas: SlaResolver): void {
  app.post('/api/v1/query', { config: { scope: 'read' } }, async (request) => {
    try {
      return await runQuery(request.body as QueryRequest, { database, slas });
    } catch (error) {
      if (error instanceof QueryError) {
        const path = error.field === '' ? '/' : `/${error.field}`;
        throw new HttpError(400, 'invalid_query', `${error.field || 'request'}: ${error.message}`, [{ path, message: error.message }]);
      }
      throw error;
    }
  });
}
