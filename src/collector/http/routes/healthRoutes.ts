import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { PaneDatabase } from '../../store/openDatabase';
import { collectorVersion } from '../../version';

export function registerHealthRoutes(app: FastifyInstance, database: PaneDatabase): void {
  // Public, so load balancers and "is it up" checks need no token; it reveals only the version.
  app.get('/api/v1/health', async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(database.db);
      reply.send({ status: 'ok', version: collectorVersion, database: database.dialect });
    } catch (error) {
      reply.status(503).send({ status: 'unavailable', version: collectorVersion, error: `database: ${(error as Error).message}` });
    }
  });

  // Lets Grafana's "Save & test" and the CLI check a token without side effects.
  app.get('/api/v1/whoami', { config: { scope: 'read' } }, async (request) => {
    return { version: collectorVersion, scope: request.tokenScope ?? 'none (authentication is off)' };
  });
}
