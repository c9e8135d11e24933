import type { FastifyBaseLogger } from 'fastify';

/**
 * One pino child logger per part of the collector, each with its own level that can be changed
 * at runtime (`PUT /api/v1/admin/log-level`) without a restart:
 * - `ingest`: ingest requests (one debug line per request; 5xx as errors);
 * - `query`: the query API;
 * - `store`: database work outside a request (metrics snapshots, retention);
 * - `http`: the per-request logger (`request.log`) of every route.
 * `*` sets every module and the root logger at once.
 */
export const logModules = ['ingest', 'query', 'store', 'http'] as const;
export type LogModule = (typeof logModules)[number];
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export class ModuleLoggers {
  private readonly loggers: Map<LogModule, FastifyBaseLogger>;

  constructor(private readonly root: FastifyBaseLogger) {
    this.loggers = new Map(logModules.map((module) => [module, root.child({ module })]));
  }

  get(module: LogModule): FastifyBaseLogger {
    return this.loggers.get(module) as FastifyBaseLogger;
  }

  /** Every module's current level, and the root's as `*`. */
  levels(): Record<LogModule | '*', string> {
    const levels = { '*': this.root.level } as Record<LogModule | '*', string>;
    for (const [module, logger] of this.loggers) levels[module] = logger.level;
    return levels;
  }

  setLevel(module: LogModule | '*', level: LogLevel): void {
    if (module === '*') {
      this.root.level = level;
      for (const logger of this.loggers.values()) logger.level = level;
      return;
    }
    this.get(module).level = level;
  }
}

export const isLogModule = (value: unknown): value is LogModule | '*' =>
  value === '*' || (logModules as readonly unknown[]).includes(value);
export const isLogLevel = (value: unknown): value is LogLevel => (logLevels as readonly unknown[]).includes(value);
