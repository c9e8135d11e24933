import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FastifyBaseLogger } from 'fastify';
import type { SlaResolver } from '../sla/slaResolver';
import type { IngestSink } from '../store/ingestSink';
import type { PaneDatabase } from '../store/openDatabase';
import { collectorVersion } from '../version';
import { renderPipelineMetrics } from './pipelineExposition';
import { type PipelineSnapshot, takePipelineSnapshot, VolumeVerdictCache } from './pipelineSnapshot';

/**
 * The collector's Prometheus metrics (docs/metrics.md lists them all):
 * - per dataset and per job, read from the database at scrape time and cached for `cacheMs`,
 *   with SLA thresholds beside measured values and owner/team/severity as labels, so one alert
 *   rule covers every dataset;
 * - the collector's own health: ingest requests and documents by source, errors, acknowledgement
 *   latency, database latency, queue depth, and Node's process metrics.
 */
export interface CollectorMetricsOptions {
  database: PaneDatabase;
  writer: IngestSink;
  slas: SlaResolver;
  /** how long a dataset/job snapshot is reused between scrapes; 10 s by default */
  cacheMs?: number;
  log?: FastifyBaseLogger;
  /** the clock, for tests */
  now?: () => number;
}


export class CollectorMetrics {
  readonly registry = new Registry();
  readonly ingestRequests: Counter<'source' | 'code'>;
  readonly ingestDocuments: Counter<'source' | 'outcome'>;
  readonly ingestErrors: Counter<'source' | 'error'>;
  readonly acknowledgement: Histogram<'source'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'code'>;
  readonly databaseQueries: Histogram<'operation'>;
  private readonly snapshotErrors: Counter;

  private readonly cacheMs: number;
  readonly now: () => number;
  private readonly volumeCache = new VolumeVerdictCache();
  cached?: PipelineSnapshot;
  private readonly rendered = new WeakMap<PipelineSnapshot, string>();
  private loading?: Promise<PipelineSnapshot | undefined>;

  constructor(private readonly options: CollectorMetricsOptions) {
    this.cacheMs = options.cacheMs ?? 10_000;
    this.now = options.now ?? Date.now;
    const registers = [this.registry];

    collectDefaultMetrics({ register: this.registry });
    // Gauges named like counters (promtool flags them); the same figures exist without `_total`.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(name);
    }
    new Gauge({
      name: 'pane_build_info',
      help: 'Always 1; the collector version as a label.',
      labelNames: ['version'],
      registers,
    }).set({ version: collectorVersion }, 1);

    this.ingestRequests = new Counter({
      name: 'pane_ingest_requests_total',
      help: 'Ingest requests answered, by source and HTTP status code.',
      labelNames: ['source', 'code'],
      registers,
    });
    this.ingestDocuments = new Counter({
      name: 'pane_ingest_documents_total',
      help: 'Documents (events, artifacts, runs) received on ingest paths, by source and outcome: stored, duplicate, rejected.',
      labelNames: ['source', 'outcome'],
      registers,
    });
    this.ingestErrors = new Counter({
      name: 'pane_ingest_errors_total',
      help: 'Ingest requests refused or failed (HTTP 4xx/5xx), by source and error code (invalid_document, unauthorized, overloaded, internal_error, ...).',
      labelNames: ['source', 'error'],
      registers,
    });
    this.acknowledgement = new Histogram({
      name: 'pane_ingest_acknowledgement_seconds',
      help: 'Time from receiving an ingest request to acknowledging it (after the commit), successful requests only.',
      labelNames: ['source'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'pane_http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status code.',
      labelNames: ['method', 'route', 'code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.databaseQueries = new Histogram({
      name: 'pane_database_query_duration_seconds',
      help: 'Duration of the database queries the collector runs for /metrics and health, by operation.',
      labelNames: ['operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.snapshotErrors = new Counter({
      name: 'pane_metrics_snapshot_errors_total',
      help: 'Failed attempts to read dataset and job metrics from the database (the previous snapshot is served meanwhile).',
      registers,
    });
    const writer = options.writer;
    new Gauge({
      name: 'pane_ingest_queue_depth',
      help: 'Ingested documents waiting to be committed.',
      registers,
      collect() {
        this.set(writer.depth);
      },
    });
    const database = options.database;
    const queries = this.databaseQueries;
    new Gauge({
      name: 'pane_database_ping_seconds',
      help: 'Round trip of a trivial query (SELECT 1) at scrape time; -1 when the database does not answer.',
      labelNames: ['dialect'],
      registers,
      async collect() {
        const start = process.hrtime.bigint();
        try {
          await sql`SELECT 1`.execute(database.db);
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          queries.observe({ operation: 'ping' }, seconds);
          this.set({ dialect: database.dialect }, seconds);
        } catch {
          this.set({ dialect: database.dialect }, -1);
        }
      },
    });

    this.registerSnapshotMetrics();
  }

  /** Prometheus text exposition of every metric: the collector's own, then datasets and jobs. */
  async exposition(): Promise<string> {
    const snapshot = await this.snapshot();
    const own = await this.registry.metrics();
    if (!snapshot) return own;
    let text = this.rendered.get(snapshot);
    if (text === undefined) {
      text = renderPipelineMetrics(snapshot);
      this.rendered.set(snapshot, text);
    }
    return `${own}\n${text}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The current dataset/job snapshot: cached for cacheMs; concurrent scrapes share one load. */
  async snapshot(): Promise<PipelineSnapshot | undefined> {
    const now = this.now();
    if (this.cached && now - this.cached.takenAt < this.cacheMs) return this.cached;
    this.loading ??= (async () => {
      try {
        const snapshot = await takePipelineSnapshot(this.options.database.db, this.options.slas, this.now(), this.volumeCache);
        for (const [operation, seconds] of Object.entries(snapshot.queryDurations)) {
          this.databaseQueries.observe({ operation: `snapshot_${operation}` }, seconds);
        }
        this.options.log?.debug({ datasets: snapshot.datasets.length, jobs: snapshot.jobs.length, queryDurations: snapshot.queryDurations }, 'metrics snapshot taken');
        this.cached = snapshot;
      } catch (error) {
        this.snapshotErrors.inc();
        this.options.log?.error({ err: error }, 'reading dataset and job metrics failed; serving the previous snapshot');
      } finally {
        this.loading = undefined;
      }
      return this.cached;
    })();
    return this.loading;
  }

  private registerSnapshotMetrics(): void {
    const metrics = this;
    const registers = [this.registry];
    new Gauge({
      name: 'pane_metrics_snapshot_age_seconds',
      help: 'Age of the dataset and job snapshot the pane_dataset_* and pane_job_* metrics come from (refreshed at most every 10 s by default).',
      registers,
      collect() {
        if (metrics.cached) this.set(Math.max(0, (metrics.now() - metrics.cached.takenAt) / 1000));
      },
    });
    new Gauge({
      name: 'pane_datasets',
      help: 'Datasets known to the collector.',
      registers,
      collect() {
        if (metrics.cached) this.set(metrics.cached.datasets.length);
      },
    });
    new Gauge({
      name: 'pane_jobs',
      help: 'Jobs known to the collector.',
      registers,
      collect() {
        if (metrics.cached) this.set(metrics.cached.jobs.length);
      },
    });
  }
}

