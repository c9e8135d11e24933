import { ApiTokens } from '../../../src/collector/http/apiTokens';
import { type CollectorAppConfig, createCollectorApp } from '../../../src/collector/http/createCollectorApp';
import type { PaneDatabase } from '../../../src/collector/store/openDatabase';

export const writeToken = 'test-write-token-0123456789';
export const readToken = 'test-read-token-0123456789';
export const testTokens = `${writeToken}:write,${readToken}:read`;

export const writeAuth = { authorization: `Bearer ${writeToken}` };
export const readAuth = { authorization: `Bearer ${readToken}` };

/** The collector's HTTP app over a test database, with a write and a read token. */
export function testCollectorApp(database: PaneDatabase, overrides: Partial<CollectorAppConfig> = {}) {
  return createCollectorApp(
    {
      tokens: ApiTokens.parse(testTokens),
      authRequired: true,
      bodyLimitBytes: 1024 * 1024,
      maxQueuedEnvelopes: 10_000,
      maxInFlightRequests: 256,
      logLevel: 'warn',
      ...overrides,
    },
    database,
  );
}

export async function countRows(database: PaneDatabase, table: 'events' | 'runs' | 'datasets' | 'jobs' | 'quality_checks' | 'freshness_observations'): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
