import type { FastifyInstance } from 'fastify';
import type { CollectorConfig } from './collectorConfig';
import { createCollectorApp } from './http/createCollectorApp';
import { openDatabase, type PaneDatabase } from './store/openDatabase';
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
  const { app, writer } = createCollectorApp(config, database);
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
      await writer.whenIdle();
      await database.close();
    })();
    return stopping;
  };
  return { app, database, url, stop };
}
