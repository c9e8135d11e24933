import type { FastifyInstance } from 'fastify';
import type { CollectorConfig } from './collectorConfig';
import { createCollectorApp } from './http/createCollectorApp';
import type { IngestSink } from './store/ingestSink';
import { IngestWriterThread, writerThreadAvailable } from './store/ingestWriterThread';
import { openDatabase, type PaneDatabase, sqliteFileOf } from './store/openDatabase';
import { pruneHistory } from './store/retention';
import type { SlaConfig } from './sla/slaConfig';
import type { SlaResolver } from './sla/slaResolver';

export interface RunningCollector {
  app: FastifyInstance;
  database: PaneDatabase;
  url: string;
  stop(): Promise<void>;
}

const hour = 3_600_000;

/** Opens (and migrates) the database, starts listening, and prunes history every hour. */
export async function startCollector(
  config: CollectorConfig & { slas?: SlaResolver; /** the loaded SLA config, for the start-up log */ slaConfig?: SlaConfig },
): Promise<RunningCollector> {
  const database = await openDatabase(config.database);
  const { app, writer } = createCollectorApp(config, database, await sqliteWriterThread(database, config.maxQueuedEnvelopes));
  if (config.slaConfig) {
    const { file, datasets, jobs } = config.slaConfig;
    app.log.info({ file, datasetRules: datasets.length, jobRules: jobs.length }, 'SLA config loaded');
  }
  if (!config.authRequired) {
    app.log.warn(
      '!!! AUTHENTICATION IS OFF (--no-auth): anyone who can reach this port can write and read. Use only for local experiments. !!!',
    );
  }
  const prune = async () => {
    const cutoff = Date.now() - config.retentionDays * 24 * hour;
    try {
      const pruned = await pruneHistory(database.db, cutoff);
      app.log.info({ pruned, retentionDays: config.retentionDays }, 'pruned history');
    } catch (error) {
      app.log.error({ err: error }, 'pruning history failed');
    }
  };
  const retentionTimer = setInterval(() => void prune(), hour);
  retentionTimer.unref();
  setImmediate(() => void prune());

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  app.log.info({ url, database: database.location, dialect: database.dialect }, 'Pipeline Pane collector listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      clearInterval(retentionTimer);
      await app.close();
      await writer.close();
      await database.close();
    })();
    return stopping;
  };
  return { app, database, url, stop };
}

/**
 * A SQLite file gets its writes on a thread of their own (see IngestWriterThread). PostgreSQL
 * does its work in the server, and an in-memory database cannot be shared by two connections,
 * so both write from the HTTP thread; so does a run from TypeScript sources, which has no
 * compiled worker.
 */
async function sqliteWriterThread(database: PaneDatabase, maxQueuedEnvelopes: number): Promise<IngestSink | undefined> {
  if (database.dialect !== 'sqlite' || sqliteFileOf(database.location) === ':memory:' || !writerThreadAvailable()) return undefined;
  return IngestWriterThread.start(database.location, { maxQueuedEnvelopes });
}
