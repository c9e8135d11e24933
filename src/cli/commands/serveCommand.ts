import { Command, InvalidArgumentError } from 'commander';
import { defaultCollectorConfig } from '../../collector/collectorConfig';
import { ApiTokens, TokenConfigError } from '../../collector/http/apiTokens';
import { startCollector } from '../../collector/startCollector';
import { loadSlaConfig, type SlaConfig, SlaConfigError } from '../../collector/sla/slaConfig';
import { createSlaResolver } from '../../collector/sla/slaResolver';

const port = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('--port must be 0 (any free port) to 65535');
  return parsed;
};

const positiveInteger = (name: string) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number`);
  return parsed;
};

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the collector: ingest, store and answer queries')
    .option('--host <host>', 'address to listen on', process.env.PANE_HOST ?? defaultCollectorConfig.host)
    .option('--port <port>', 'port to listen on', port, Number(process.env.PANE_PORT ?? defaultCollectorConfig.port))
    .option('--database <location>', 'SQLite file path or postgres:// URL', process.env.PANE_DATABASE_URL ?? '.data/pane.sqlite')
    .option('--no-auth', 'accept requests without a token (LOCAL EXPERIMENTS ONLY)')
    .option('--body-limit <bytes>', 'largest request body after gzip', positiveInteger('--body-limit'), defaultCollectorConfig.bodyLimitBytes)
    .option('--max-queued <events>', 'events waiting for commit before ingest answers 503', positiveInteger('--max-queued'), defaultCollectorConfig.maxQueuedEnvelopes)
    .option('--max-in-flight <requests>', 'requests handled at once before new ones get 503', positiveInteger('--max-in-flight'), defaultCollectorConfig.maxInFlightRequests)
    .option('--retention-days <days>', 'days of history to keep', positiveInteger('--retention-days'), Number(process.env.PANE_RETENTION_DAYS ?? defaultCollectorConfig.retentionDays))
    .option('--log-level <level>', 'fatal, error, warn, info, debug or trace', process.env.PANE_LOG_LEVEL ?? defaultCollectorConfig.logLevel)
    .option('--sla-config <file>', 'SLA config (YAML, see docs/sla-config.md); refuses to start when it has problems', process.env.PANE_SLA_CONFIG || undefined)
    .action(async (options) => {
      let tokens: ApiTokens;
      try {
        tokens = ApiTokens.parse(process.env.PANE_TOKENS);
      } catch (error) {
        if (error instanceof TokenConfigError) {
          console.error(`pane serve: ${error.message}`);
          process.exit(2);
        }
        throw error;
      }
      if (options.auth && tokens.size === 0) {
        console.error(
          'pane serve: no API tokens. Set PANE_TOKENS="<token>:write,<token>:read" (tokens of 16+ characters), or pass --no-auth for a local experiment.',
        );
        process.exit(2);
      }
      let slaConfig: SlaConfig | undefined;
      if (options.slaConfig) {
        try {
          slaConfig = loadSlaConfig(options.slaConfig);
        } catch (error) {
          if (error instanceof SlaConfigError) {
            console.error(`pane serve: ${error.message}`);
            process.exit(2);
          }
          throw error;
        }
      }
      const collector = await startCollector({
        host: options.host,
        port: options.port,
        database: options.database,
        tokens,
        authRequired: options.auth,
        bodyLimitBytes: options.bodyLimit,
        maxQueuedEnvelopes: options.maxQueued,
        maxInFlightRequests: options.maxInFlight,
        retentionDays: options.retentionDays,
        logLevel: options.logLevel,
        ...(slaConfig ? { slas: createSlaResolver(slaConfig), slaConfig } : {}),
      });
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          void collector.stop().then(() => process.exit(0));
        });
      }
    });
}
