/**
 * Query benchmark: generates 1M runs, 10k datasets, 5k jobs and 50k lineage edges (plus run
 * outputs with row counts, quality checks, dbt source freshness observations and column
 * lineage), bulk-loaded straight into the tables, then answers every query kind through
 * `runQuery` — the code behind POST /api/v1/query — and prints p50/p95 per kind on SQLite and
 * PostgreSQL, with peak memory. Generation time is printed but not measured against targets.
 *
 * Targets: runs, freshness and quality over a 24 h window p95 < 50 ms; lineage around a node to
 * depth 20 < 100 ms; a whole namespace of 5,000 nodes < 500 ms.
 *
 * Knobs: PANE_BENCH_RUNS (1000000), PANE_BENCH_ITERATIONS (40), PANE_BENCH_DATABASES
 * (sqlite,postgres), PANE_BENCH_POSTGRES_URL (an admin URL; a fresh database is created and
 * dropped), PANE_BENCH_KEEP_SQLITE (a file to keep the SQLite database in) and
 * PANE_BENCH_KEEP_POSTGRES=1 (keep the PostgreSQL database), for EXPLAIN afterwards. `npm run bench:query` builds, starts PostgreSQL and runs this.
 *
 * The generated estate: 4 domains (warehouse 68 pipelines, marketing/finance/product 44 each) of
 * Airflow pipelines, 25 tasks each in 5 layers; every task writes 2 tables and reads 8: most from
 * earlier layers of its pipeline, a quarter from the 3 pipelines before it in its domain (wrapping
 * round, so the graph has long cycles), 5% from other domains. Every pipeline runs 200 times over
 * 30 days (1 DAG run = 25 task runs, the first task's run the parent of the others); 4% of the
 * pipelines stopped 1-5 days ago (stale tables), some are failing, some are running now.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { datasetNodeId, jobNodeId, parseNodeId } from '../src/contract/nodeIds';
import type { DataFrameJson } from '../src/contract/frames';
import type { QueryTarget } from '../src/contract/query';
import { type TraversalStrategy, loadLineageAround } from '../src/collector/query/lineage/loadLineageAround';
import { runQuery } from '../src/collector/query/runQuery';
import { parseSlaConfig } from '../src/collector/sla/slaConfig';
import { type SlaResolver, createSlaResolver } from '../src/collector/sla/slaResolver';
import { fillQualityLatest } from '../src/collector/store/migrations/006_quality_latest';
import { fillDatasetSourceFreshness } from '../src/collector/store/migrations/008_dataset_source_freshness';
import { type PaneDatabase, openDatabase } from '../src/collector/store/openDatabase';
import { runStateRank } from '../src/collector/store/runStatePrecedence';

const runsWanted = Number(process.env.PANE_BENCH_RUNS ?? 1_000_000);
const iterations = Number(process.env.PANE_BENCH_ITERATIONS ?? 40);
const databases = (process.env.PANE_BENCH_DATABASES ?? 'sqlite,postgres').split(',').map((d) => d.trim());

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const now = Math.floor(Date.now() / minute) * minute;
const historyStart = now - 30 * day;

// ---------------------------------------------------------------------------------------------
// The model: domains, pipelines, jobs (tasks), datasets and their edges, all deterministic.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Domain {
  name: string;
  pipelines: number;
  firstPipeline: number;
  /** source tables (in the domain's operational database), read by its tier-0 pipelines */
  sources: number[];
}
interface Pipeline {
  index: number;
  domain: Domain;
  local: number;
  /** 0 ingestion, 1 staging, 2 marts, 3 consumers (extracts, reverse ETL) */
  tier: number;
  /** where in its tier it sits, 0..1: pipelines read from upstream pipelines at nearby positions */
  position: number;
  stoppedAt: number | null;
  failing: boolean;
  runningNow: boolean;
  phase: number;
}
interface Job {
  index: number;
  pipeline: Pipeline;
  task: number;
  layer: number;
  namespace: string;
  name: string;
  outputs: number[];
  inputs: number[];
  owners: string | null;
}
interface Dataset {
  index: number;
  /** the job writing it; -1 for source tables */
  writer: number;
  namespace: string;
  name: string;
  baseRows: number;
  owners: string | null;
  piiColumns: string | null;
}
interface Edge {
  job: number;
  dataset: number;
  direction: 'input' | 'output';
  firstSeenAt: number;
  lastSeenAt: number;
}
interface Model {
  domains: Domain[];
  pipelines: Pipeline[];
  jobs: Job[];
  datasets: Dataset[];
  edges: Edge[];
}

const tasksPerPipeline = 25;
const tiers = 4;
const jobNamespaceOf = (domain: string) => `airflow-${domain}`;
const datasetNamespaceOf = (domain: string) => `snowflake://${domain}`;
const sourceNamespaceOf = (domain: string) => `postgres://${domain}-db:5432`;
/** 4 of every 5 tasks write two tables, the fifth one: 45 tables per pipeline, 9,000 in all */
const outputsOf = (task: number) => (task % 5 === 4 ? 1 : 2);
/** 8 inputs, 9 for every fifth task: 205 per pipeline, 41,000 in all (+ 9,000 outputs = 50,000 edges) */
const inputsOf = (task: number) => (task % 5 === 0 ? 9 : 8);

/**
 * Pipelines sit in tiers (ingestion → staging → marts → consumers) and read from the tier or
 * two before them, from pipelines at a nearby position (subject areas), as real estates do; the
 * other domains' staging and marts also read the warehouse's. Tasks read earlier layers of their
 * own pipeline most of the time. A few incremental tasks read their own output (cycles).
 */
function buildModel(): Model {
  const random = mulberry32(42);
  const int = (n: number) => Math.floor(random() * n);
  const domains: Domain[] = [];
  const datasets: Dataset[] = [];
  const newDataset = (writer: number, namespace: string, name: string, domain: string) => {
    const index = datasets.length;
    datasets.push({
      index,
      writer,
      namespace,
      name,
      baseRows: 1_000 + int(1_000_000),
      owners: random() < 0.5 ? JSON.stringify([{ name: `team:${domain}`, type: 'MAINTAINER' }]) : null,
      piiColumns: random() < 0.05 ? JSON.stringify(['email', 'phone']) : null,
    });
    return index;
  };
  let first = 0;
  for (const [name, pipelines, sources] of [
    ['warehouse', 68, 340],
    ['marketing', 44, 220],
    ['finance', 44, 220],
    ['product', 44, 220],
  ] as const) {
    const domain: Domain = { name, pipelines, firstPipeline: first, sources: [] };
    for (let i = 0; i < sources; i++) domain.sources.push(newDataset(-1, sourceNamespaceOf(name), `public.${name}_source_${i}`, name));
    domains.push(domain);
    first += pipelines;
  }
  const pipelines: Pipeline[] = [];
  for (const domain of domains) {
    for (let local = 0; local < domain.pipelines; local++) {
      const tier = Math.floor((local * tiers) / domain.pipelines);
      const tierStart = Math.ceil((tier * domain.pipelines) / tiers);
      const tierSize = Math.ceil(((tier + 1) * domain.pipelines) / tiers) - tierStart;
      const roll = random();
      pipelines.push({
        index: pipelines.length,
        domain,
        local,
        tier,
        position: (local - tierStart + 0.5) / tierSize,
        stoppedAt: roll < 0.04 ? now - day - int(4 * day) : null,
        failing: roll >= 0.04 && roll < 0.09,
        runningNow: roll >= 0.09 && roll < 0.19,
        phase: random(),
      });
    }
  }
  const byTier = (domain: Domain, tier: number) => pipelines.filter((p) => p.domain === domain && p.tier === tier);
  const tierPipelines = new Map<string, Pipeline[]>();
  for (const domain of domains) for (let t = 0; t < tiers; t++) tierPipelines.set(`${domain.name}/${t}`, byTier(domain, t));
  /** a pipeline of the domain's tier near the position (±2 pipelines) */
  const near = (domain: Domain, tier: number, position: number): Pipeline => {
    const list = tierPipelines.get(`${domain.name}/${tier}`) as Pipeline[];
    const centre = Math.min(list.length - 1, Math.floor(position * list.length));
    return list[Math.max(0, Math.min(list.length - 1, centre - 2 + int(5)))];
  };

  const jobs: Job[] = [];
  for (const pipeline of pipelines) {
    for (let task = 0; task < tasksPerPipeline; task++) {
      const index = jobs.length;
      const job: Job = {
        index,
        pipeline,
        task,
        layer: Math.floor(task / 5),
        namespace: jobNamespaceOf(pipeline.domain.name),
        name: `${pipeline.domain.name}_p${pipeline.local}.task_${task}`,
        outputs: [],
        inputs: [],
        owners: random() < 0.5 ? JSON.stringify([{ name: `team:${pipeline.domain.name}` }]) : null,
      };
      for (let o = 0; o < outputsOf(task); o++) {
        job.outputs.push(newDataset(index, datasetNamespaceOf(pipeline.domain.name), `${pipeline.domain.name}.p${pipeline.local}.t${task}_${'ab'[o]}`, pipeline.domain.name));
      }
      jobs.push(job);
    }
  }
  const outputsOfPipeline = (p: Pipeline) => jobs.slice(p.index * tasksPerPipeline, (p.index + 1) * tasksPerPipeline).flatMap((j) => j.outputs);
  const warehouse = domains[0];

  const edges: Edge[] = [];
  const seen = () => now - 10 * day - int(80 * day);
  for (const job of jobs) {
    const pipeline = job.pipeline;
    const domain = pipeline.domain;
    const chosen = new Set<number>();
    if (random() < 0.01) chosen.add(job.outputs[0]); // an incremental task reading its own table
    while (chosen.size < inputsOf(job.task)) {
      let dataset: number;
      if (job.layer > 0 && random() < 0.65) {
        const writer = jobs[pipeline.index * tasksPerPipeline + int(job.layer * 5)];
        dataset = writer.outputs[int(writer.outputs.length)];
      } else if (pipeline.tier === 0) {
        const centre = Math.floor(pipeline.position * domain.sources.length);
        dataset = domain.sources[Math.max(0, Math.min(domain.sources.length - 1, centre - 15 + int(31)))];
      } else {
        const fromWarehouse = domain !== warehouse && random() < 0.15;
        const source = fromWarehouse ? warehouse : domain;
        const tier = fromWarehouse ? 1 + int(2) : random() < 0.85 ? pipeline.tier - 1 : Math.max(0, pipeline.tier - 2);
        const outputs = outputsOfPipeline(near(source, tier, pipeline.position));
        dataset = outputs[int(outputs.length)];
      }
      if (datasets[dataset].writer === job.index) continue;
      chosen.add(dataset);
    }
    job.inputs = [...chosen];
    for (const dataset of job.inputs) {
      // 1% of the reads appeared today, so "as of yesterday" hides them
      const firstSeenAt = random() < 0.01 ? now - int(20 * hour) : seen();
      edges.push({ job: job.index, dataset, direction: 'input', firstSeenAt, lastSeenAt: now - int(6 * hour) });
    }
    for (const dataset of job.outputs) edges.push({ job: job.index, dataset, direction: 'output', firstSeenAt: seen(), lastSeenAt: now - int(6 * hour) });
  }
  return { domains, pipelines, jobs, datasets, edges };
}

// ---------------------------------------------------------------------------------------------
// Bulk loading: prepared statements in one transaction on SQLite, unnest() arrays on PostgreSQL.

type ColumnType = 'text' | 'bigint' | 'integer';
interface TableSpec {
  table: string;
  columns: Array<[string, ColumnType]>;
}

interface BulkLoader {
  insert(spec: TableSpec, rows: unknown[][]): Promise<void>;
  finish(): Promise<void>;
}

function sqliteLoader(file: string): BulkLoader {
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    async insert(spec, rows) {
      let statement = statements.get(spec.table);
      if (!statement) {
        statement = db.prepare(
          `INSERT INTO ${spec.table} (${spec.columns.map((c) => c[0]).join(', ')}) VALUES (${spec.columns.map(() => '?').join(', ')})`,
        );
        statements.set(spec.table, statement);
      }
      const run = statement;
      db.transaction(() => {
        for (const row of rows) run.run(row);
      })();
    },
    async finish() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

async function postgresLoader(url: string): Promise<BulkLoader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async insert(spec, rows) {
      const columns = spec.columns.map(([name]) => name).join(', ');
      const arrays = spec.columns.map((_, i) => rows.map((row) => row[i]));
      const unnest = spec.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
      await client.query(`INSERT INTO ${spec.table} (${columns}) SELECT * FROM unnest(${unnest})`, arrays);
    },
    async finish() {
      await client.end();
    },
  };
}

const specs = {
  namespaces: { table: 'namespaces', columns: [['name', 'text'], ['first_seen_at', 'bigint']] },
  jobs: {
    table: 'jobs',
    columns: [
      ['namespace', 'text'],
      ['name', 'text'],
      ['type', 'text'],
      ['orchestrator', 'text'],
      ['owners', 'text'],
      ['latest_run_id', 'text'],
      ['latest_run_state', 'text'],
      ['latest_run_time', 'bigint'],
      ['last_success_at', 'bigint'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
    ],
  },
  datasets: {
    table: 'datasets',
    columns: [
      ['namespace', 'text'],
      ['name', 'text'],
      ['owners', 'text'],
      ['pii_columns', 'text'],
      ['last_written_at', 'bigint'],
      ['last_writer_run_id', 'text'],
      ['last_writer_job_namespace', 'text'],
      ['last_writer_job_name', 'text'],
      ['last_row_count', 'bigint'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
    ],
  },
  runs: {
    table: 'runs',
    columns: [
      ['run_id', 'text'],
      ['job_namespace', 'text'],
      ['job_name', 'text'],
      ['parent_run_id', 'text'],
      ['parent_job_namespace', 'text'],
      ['parent_job_name', 'text'],
      ['state', 'text'],
      ['state_rank', 'integer'],
      ['state_time', 'bigint'],
      ['started_at', 'bigint'],
      ['ended_at', 'bigint'],
      ['first_event_time', 'bigint'],
      ['last_event_time', 'bigint'],
      ['nominal_start_time', 'bigint'],
      ['error_message', 'text'],
      ['producer', 'text'],
      ['orchestrator', 'text'],
      ['updated_at', 'bigint'],
      ['run_key', 'bigint'],
    ],
  },
  runDatasets: {
    table: 'run_datasets',
    columns: [
      ['run_id', 'text'],
      ['direction', 'text'],
      ['namespace', 'text'],
      ['name', 'text'],
      ['row_count', 'bigint'],
      ['event_time', 'bigint'],
      ['run_key', 'bigint'],
    ],
  },
  edges: {
    table: 'lineage_edges',
    columns: [
      ['job_namespace', 'text'],
      ['job_name', 'text'],
      ['direction', 'text'],
      ['dataset_namespace', 'text'],
      ['dataset_name', 'text'],
      ['first_seen_at', 'bigint'],
      ['last_seen_at', 'bigint'],
    ],
  },
  columnLineage: {
    table: 'column_lineage',
    columns: [
      ['dataset_namespace', 'text'],
      ['dataset_name', 'text'],
      ['field', 'text'],
      ['input_namespace', 'text'],
      ['input_name', 'text'],
      ['input_field', 'text'],
      ['transformation', 'text'],
      ['first_seen_at', 'bigint'],
      ['last_seen_at', 'bigint'],
    ],
  },
  quality: {
    table: 'quality_checks',
    columns: [
      ['dataset_namespace', 'text'],
      ['dataset_name', 'text'],
      ['run_id', 'text'],
      ['check_name', 'text'],
      ['column_name', 'text'],
      ['passed', 'integer'],
      ['severity', 'text'],
      ['actual', 'text'],
      ['expected', 'text'],
      ['observed_at', 'bigint'],
    ],
  },
  freshness: {
    table: 'freshness_observations',
    columns: [
      ['dataset_namespace', 'text'],
      ['dataset_name', 'text'],
      ['observed_at', 'bigint'],
      ['max_loaded_at', 'bigint'],
      ['status', 'text'],
      ['warn_after_seconds', 'bigint'],
      ['error_after_seconds', 'bigint'],
    ],
  },
} satisfies Record<string, TableSpec>;

interface Generated {
  runs: number;
  runDatasets: number;
  qualityChecks: number;
  freshnessObservations: number;
  columnLineage: number;
  /** parent runs of the last day, for trace queries */
  recentParentRuns: string[];
}

const runIdOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const producer = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';

/** Streams every table's rows into the loader, in batches; returns the counts. */
async function generate(model: Model, loader: BulkLoader): Promise<Generated> {
  const random = mulberry32(7);
  const int = (n: number) => Math.floor(random() * n);
  const batch = 20_000;
  const out: Generated = { runs: 0, runDatasets: 0, qualityChecks: 0, freshnessObservations: 0, columnLineage: 0, recentParentRuns: [] };

  const namespaces = new Set<string>();
  for (const job of model.jobs) namespaces.add(job.namespace);
  for (const dataset of model.datasets) namespaces.add(dataset.namespace);
  await loader.insert(specs.namespaces, [...namespaces].map((name) => [name, now - 90 * day]));

  const edgeRows = model.edges.map((e) => {
    const job = model.jobs[e.job];
    const dataset = model.datasets[e.dataset];
    return [job.namespace, job.name, e.direction, dataset.namespace, dataset.name, e.firstSeenAt, e.lastSeenAt];
  });
  for (let i = 0; i < edgeRows.length; i += batch) await loader.insert(specs.edges, edgeRows.slice(i, i + batch));

  // Runs: each pipeline's 200 DAG runs (fewer or more, to total runsWanted), 25 task runs each.
  const dagRunsPerPipeline = Math.max(1, Math.round(runsWanted / (model.pipelines.length * tasksPerPipeline)));
  const latest = new Map<number, { runId: string; state: string; time: number; lastSuccess: number | null }>();
  const written = new Map<number, { at: number; runId: string; rows: number; job: { namespace: string; name: string } }>();
  let runRows: unknown[][] = [];
  let outputRows: unknown[][] = [];
  const flush = async (force = false) => {
    if (runRows.length >= batch || (force && runRows.length > 0)) {
      await loader.insert(specs.runs, runRows);
      runRows = [];
    }
    if (outputRows.length >= batch || (force && outputRows.length > 0)) {
      await loader.insert(specs.runDatasets, outputRows);
      out.runDatasets += outputRows.length;
      outputRows = [];
    }
  };
  let runCounter = 0;
  for (const pipeline of model.pipelines) {
    const end = (pipeline.stoppedAt ?? now) - (pipeline.runningNow ? 0 : 45 * minute);
    const period = (end - historyStart) / dagRunsPerPipeline;
    const tasks = model.jobs.slice(pipeline.index * tasksPerPipeline, (pipeline.index + 1) * tasksPerPipeline);
    for (let k = 0; k < dagRunsPerPipeline; k++) {
      const nominal = Math.floor(historyStart + (k + pipeline.phase) * period);
      const lastDagRun = k === dagRunsPerPipeline - 1;
      const dagStart = lastDagRun && pipeline.runningNow ? now - 20 * minute : nominal;
      const parentId = runIdOf(runCounter);
      let parentEnd = dagStart;
      let dagFailed = false;
      let dagRunning = false;
      const children: unknown[][] = [];
      for (const job of tasks) {
        const runKey = runCounter + 1;
        const runId = runIdOf(runCounter++);
        const start = job.task === 0 ? dagStart : Math.min(dagStart + job.layer * 8 * minute + int(3 * minute), now - int(minute));
        const duration = minute + int(7 * minute);
        const failRoll = random();
        let state = failRoll < 0.02 || (pipeline.failing && lastDagRun && job.task % 7 === 3) ? 'FAIL' : failRoll < 0.025 ? 'ABORT' : 'COMPLETE';
        let ended: number | null = start + duration;
        if (ended > now) {
          state = 'RUNNING';
          ended = null;
        }
        if (state === 'FAIL') dagFailed = true;
        if (state === 'RUNNING') dagRunning = true;
        if (ended !== null) parentEnd = Math.max(parentEnd, ended);
        const row = [
          runId,
          job.namespace,
          job.name,
          job.task === 0 ? null : parentId,
          job.task === 0 ? null : tasks[0].namespace,
          job.task === 0 ? null : tasks[0].name,
          state,
          runStateRank[state as keyof typeof runStateRank],
          ended ?? start,
          start,
          ended,
          start,
          ended ?? start,
          nominal,
          state === 'FAIL' ? `Task ${job.name} failed: psycopg2.errors.UndefinedColumn: column "amount_eur" does not exist` : null,
          producer,
          'airflow',
          ended ?? start,
          runKey,
        ];
        if (job.task === 0) runRows.push(row);
        else children.push(row);
        const previous = latest.get(job.index);
        const lastSuccess = state === 'COMPLETE' ? ended : (previous?.lastSuccess ?? null);
        latest.set(job.index, { runId, state, time: ended ?? start, lastSuccess });
        if (state === 'COMPLETE' && ended !== null) {
          for (const output of job.outputs) {
            const dataset = model.datasets[output];
            const anomaly = random() < 0.01 ? (random() < 0.5 ? 0.05 : 8) : 1;
            const rows = Math.round(dataset.baseRows * (0.9 + random() * 0.2) * anomaly);
            outputRows.push([runId, 'output', dataset.namespace, dataset.name, rows, ended, runKey]);
            written.set(output, { at: ended, runId, rows, job: { namespace: job.namespace, name: job.name } });
          }
        }
      }
      // the parent run (task 0) spans its children and fails when one did
      const parent = runRows[runRows.length - 1];
      if (dagRunning) {
        parent[6] = 'RUNNING';
        parent[7] = runStateRank.RUNNING;
        parent[10] = null;
      } else if (parent[10] !== null) {
        parent[10] = Math.max(parent[10] as number, parentEnd);
        parent[8] = parent[10];
        parent[12] = parent[10];
        parent[17] = parent[10];
        if (dagFailed && parent[6] === 'COMPLETE') parent[6] = 'FAIL';
      }
      if (dagStart >= now - day) out.recentParentRuns.push(parentId);
      for (const child of children) runRows.push(child);
      await flush();
    }
  }
  await flush(true);
  out.runs = runCounter;

  await loader.insert(
    specs.jobs,
    model.jobs.map((job) => {
      const last = latest.get(job.index);
      return [job.namespace, job.name, 'TASK', 'airflow', job.owners, last?.runId ?? null, last?.state ?? null, last?.time ?? null, last?.lastSuccess ?? null, now - 90 * day, now];
    }),
  );
  await loader.insert(
    specs.datasets,
    model.datasets.map((dataset) => {
      const w = written.get(dataset.index);
      return [dataset.namespace, dataset.name, dataset.owners, dataset.piiColumns, w?.at ?? null, w?.runId ?? null, w?.job.namespace ?? null, w?.job.name ?? null, w?.rows ?? null, now - 90 * day, now];
    }),
  );

  // Quality: a third of the datasets have two dbt tests, run daily for 30 days.
  let qualityRows: unknown[][] = [];
  for (const dataset of model.datasets) {
    if (dataset.index % 3 !== 0 || dataset.writer < 0) continue;
    const flaky = random() < 0.1;
    for (let d = 30; d >= 1; d--) {
      const at = now - d * day + 6 * hour + int(hour);
      for (const [check, column] of [
        ['not_null', 'id'],
        ['row_count_between', null],
      ] as const) {
        const passed = random() < (flaky ? 0.7 : 0.98) ? 1 : 0;
        qualityRows.push([dataset.namespace, dataset.name, null, check, column, passed, passed ? 'warn' : 'error', passed ? '0' : String(1 + int(50)), '0', at]);
      }
    }
    if (qualityRows.length >= batch) {
      await loader.insert(specs.quality, qualityRows);
      out.qualityChecks += qualityRows.length;
      qualityRows = [];
    }
  }
  await loader.insert(specs.quality, qualityRows);
  out.qualityChecks += qualityRows.length;

  // dbt source freshness: half the source tables (500) observed every 6 hours.
  const freshnessRows: unknown[][] = [];
  for (const dataset of model.datasets) {
    if (dataset.writer >= 0 || dataset.index % 2 !== 0) continue;
    for (let t = historyStart; t < now; t += 6 * hour) {
      freshnessRows.push([dataset.namespace, dataset.name, t, t - int(2 * hour), 'pass', 12 * 3600, 24 * 3600]);
    }
  }
  for (let i = 0; i < freshnessRows.length; i += batch) await loader.insert(specs.freshness, freshnessRows.slice(i, i + batch));
  out.freshnessObservations = freshnessRows.length;

  // Column lineage for the warehouse domain: 4 columns per table, each from 1-2 input columns.
  const columnRows: unknown[][] = [];
  for (const job of model.jobs) {
    if (job.pipeline.domain.name !== 'warehouse') continue;
    for (const output of job.outputs) {
      const dataset = model.datasets[output];
      for (let c = 0; c < 4; c++) {
        const inputs = new Set<string>();
        const wanted = 1 + int(2);
        while (inputs.size < wanted) inputs.add(`${job.inputs[int(job.inputs.length)]}:${int(4)}`);
        for (const input of inputs) {
          const [index, column] = input.split(':').map(Number);
          const source = model.datasets[index];
          columnRows.push([dataset.namespace, dataset.name, `c${c}`, source.namespace, source.name, `c${column}`, random() < 0.7 ? 'DIRECT/IDENTITY' : 'DIRECT/TRANSFORMATION', now - 30 * day, now - hour]);
        }
      }
    }
  }
  for (let i = 0; i < columnRows.length; i += batch) await loader.insert(specs.columnLineage, columnRows.slice(i, i + batch));
  out.columnLineage = columnRows.length;
  await loader.finish();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Measuring.

const benchSlaConfig = `version: 1
defaults:
  owners: [data-platform@acme.example]
  freshness:
    warnAfter: 12h
    criticalAfter: 2d
  minQualityPassRatio: 0.95
datasets:
  - namespace: "snowflake://warehouse"
    dataset: "warehouse.p1*"
    owners: [warehouse-core@acme.example]
    freshness:
      warnAfter: 6h
      criticalAfter: 1d
  - namespace: "snowflake://finance"
    severity: critical
    freshness:
      expectedSchedule:
        cron: "0 */6 * * *"
        timezone: UTC
        grace: 2h
jobs:
  - namespace: airflow-finance
    owners: [finance-data@acme.example]
`;

interface Measure {
  kind: string;
  label: string;
  times: number[];
  /** what the answers held, e.g. how many nodes */
  note: string;
  target?: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(
  label: string,
  kind: string,
  target: number | undefined,
  make: (i: number) => Omit<QueryTarget, 'refId'>,
  ctx: BenchContext,
  count: [(frames: DataFrameJson[]) => number, string],
): Promise<Measure> {
  const times: number[] = [];
  const counts: number[] = [];
  for (let i = -3; i < iterations; i++) {
    const request = { range: { from: now - day, to: now }, targets: [{ refId: 'A', ...make(Math.abs(i)) } as QueryTarget] };
    const start = performance.now();
    const response = await runQuery(request, { database: ctx.database, slas: ctx.slas, now });
    const elapsed = performance.now() - start;
    const result = response.results.A;
    if (result.error) throw new Error(`${label}: ${result.error}`);
    if (i >= 0) {
      times.push(elapsed);
      counts.push(count[0](result.frames));
    }
  }
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  const max = Math.max(...counts);
  const note = mean === max ? `${max} ${count[1]}` : `${mean.toFixed(0)} ${count[1]} on average, at most ${max}`;
  return { kind, label, times: times.sort((a, b) => a - b), target, note };
}

interface BenchContext {
  database: PaneDatabase;
  slas: SlaResolver;
  model: Model;
  generated: Generated;
}

function picker(seed: number) {
  const random = mulberry32(seed);
  return <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
}

const frameRows = (frames: DataFrameJson[], name?: string): number => {
  const frame = name ? frames.find((f) => f.name === name) : frames[0];
  return frame?.fields[0]?.values.length ?? 0;
};
const rows: [(frames: DataFrameJson[]) => number, string] = [(f) => frameRows(f), 'rows'];
const nodes: [(frames: DataFrameJson[]) => number, string] = [(f) => frameRows(f, 'nodes'), 'nodes'];

async function benchQueries(ctx: BenchContext): Promise<Measure[]> {
  const { model } = ctx;
  const pick = picker(99);
  const jobIds = model.jobs.map((j) => jobNodeId(j.namespace, j.name));
  const datasetIds = model.datasets.map((d) => datasetNodeId(d.namespace, d.name));
  const nodeIds = [...jobIds, ...datasetIds];
  const warehouseDatasets = model.datasets.filter((d) => d.namespace === 'snowflake://warehouse').map((d) => datasetNodeId(d.namespace, d.name));
  const checkedDatasets = model.datasets.filter((d) => d.index % 3 === 0 && d.writer >= 0).map((d) => datasetNodeId(d.namespace, d.name));
  const jobNamespaces = [...new Set(model.jobs.map((j) => j.namespace))];
  const datasetNamespaces = [...new Set(model.datasets.map((d) => d.namespace))];
  const metrics = ['countByState', 'duration', 'successRate'] as const;
  const m: Measure[] = [];

  m.push(await measure('runs, 24 h, newest 1000', 'runs', 50, () => ({ kind: 'runs' }), ctx, rows));
  m.push(await measure('runs, 24 h, one job', 'runs', 50, () => ({ kind: 'runs', job: pick(jobIds) }), ctx, rows));
  m.push(await measure('runs, 24 h, namespace + FAIL', 'runs', 50, () => ({ kind: 'runs', namespace: pick(jobNamespaces), states: ['FAIL'] }), ctx, rows));
  for (const metric of metrics) {
    m.push(await measure(`runStats ${metric}, 24 h`, 'runStats', undefined, () => ({ kind: 'runStats', metric }), ctx, rows));
  }
  m.push(await measure('runStats successRate, 24 h, one job', 'runStats', undefined, () => ({ kind: 'runStats', metric: 'successRate', job: pick(jobIds) }), ctx, rows));
  m.push(await measure('freshness, all 10k datasets', 'freshness', 50, () => ({ kind: 'freshness' }), ctx, rows));
  m.push(await measure('freshness, one namespace', 'freshness', 50, () => ({ kind: 'freshness', namespace: pick(datasetNamespaces) }), ctx, rows));
  m.push(await measure('freshness, one dataset', 'freshness', 50, () => ({ kind: 'freshness', dataset: pick(datasetIds) }), ctx, rows));
  m.push(await measure('freshness, stale only', 'freshness', 50, () => ({ kind: 'freshness', statuses: ['stale'] }), ctx, rows));
  m.push(await measure('quality, 24 h, all', 'quality', 50, () => ({ kind: 'quality' }), ctx, rows));
  m.push(await measure('quality, 24 h, failed only', 'quality', 50, () => ({ kind: 'quality', failedOnly: true }), ctx, rows));
  m.push(await measure('quality, 24 h, one dataset', 'quality', 50, () => ({ kind: 'quality', dataset: pick(checkedDatasets) }), ctx, rows));
  m.push(await measure('qualityStats, 24 h', 'qualityStats', undefined, () => ({ kind: 'qualityStats' }), ctx, rows));
  m.push(await measure('volume, 24 h, all', 'volume', undefined, () => ({ kind: 'volume' }), ctx, rows));
  m.push(await measure('volume, 24 h, one dataset', 'volume', undefined, () => ({ kind: 'volume', dataset: pick(datasetIds) }), ctx, rows));
  m.push(await measure('lineage, both ways, depth 5', 'lineage', undefined, () => ({ kind: 'lineage', node: pick(nodeIds) }), ctx, nodes));
  m.push(await measure('lineage, both ways, depth 20', 'lineage', 100, () => ({ kind: 'lineage', node: pick(nodeIds), depth: 20 }), ctx, nodes));
  m.push(await measure('lineage, depth 20, limit 1500 nodes', 'lineage', undefined, () => ({ kind: 'lineage', node: pick(nodeIds), depth: 20, limit: 1500 }), ctx, nodes));
  m.push(await measure('lineage, downstream, depth 20', 'lineage', 100, () => ({ kind: 'lineage', node: pick(nodeIds), depth: 20, direction: 'downstream' }), ctx, nodes));
  m.push(await measure('lineage, depth 20, as of yesterday', 'lineage', 100, () => ({ kind: 'lineage', node: pick(nodeIds), depth: 20, asOf: 'now-1d' }), ctx, nodes));
  m.push(await measure('lineage, namespace snowflake://warehouse', 'lineage', 500, () => ({ kind: 'lineage', namespace: 'snowflake://warehouse' }), ctx, nodes));
  m.push(await measure('lineage, namespace airflow-finance', 'lineage', 500, () => ({ kind: 'lineage', namespace: 'airflow-finance' }), ctx, nodes));
  m.push(await measure('impact, depth 20 (default)', 'impact', undefined, () => ({ kind: 'impact', node: pick(nodeIds) }), ctx, rows));
  m.push(await measure('columnLineage, depth 5', 'columnLineage', undefined, () => ({ kind: 'columnLineage', node: pick(warehouseDatasets) }), ctx, [(f) => frameRows(f, 'columnLineage'), 'column edges']));
  m.push(await measure('trace, DAG run of 25 tasks', 'trace', undefined, () => ({ kind: 'trace', runId: pick(ctx.generated.recentParentRuns) }), ctx, rows));
  return m;
}

/** The two traversal strategies on the graph alone (no node facts), depth 20 both ways. */
async function compareStrategies(ctx: BenchContext): Promise<string[]> {
  const lines: string[] = [];
  const nodes = [...ctx.model.jobs.map((j) => jobNodeId(j.namespace, j.name)), ...ctx.model.datasets.map((d) => datasetNodeId(d.namespace, d.name))];
  for (const depth of [5, 20]) {
    for (const strategy of ['memory', 'rounds', 'recursive'] as TraversalStrategy[]) {
      const pick = picker(5);
      const times: number[] = [];
      let size = 0;
      for (let i = -3; i < iterations; i++) {
        const center = parseNodeId(pick(nodes));
        const start = performance.now();
        const graph = await loadLineageAround(ctx.database, { center, direction: 'both', depth, strategy, maxNodes: 50_000 });
        if (i >= 0) {
          times.push(performance.now() - start);
          size += graph.nodes.size;
        }
      }
      times.sort((a, b) => a - b);
      lines.push(
        `  ${strategy.padEnd(9)} depth ${String(depth).padStart(2)}: p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms  (mean ${(size / times.length).toFixed(0)} nodes)`,
      );
    }
  }
  return lines;
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

function peakRssMiB(): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Resets the peak-RSS mark (Linux: writing 5 to clear_refs) so the query phase is measured alone. */
function resetPeakRss(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

interface DatabaseFigures {
  label: string;
  generationSeconds: number;
  generated: Generated;
  measures: Measure[];
  strategies: string[];
  peakQueryMiB: number | null;
  peakMiB: number;
  sizeMiB: number | null;
}

async function benchDatabase(label: string, location: string, model: Model, load: () => Promise<BulkLoader>): Promise<DatabaseFigures> {
  // The collector's own migrations create the schema, then the rows go in around it.
  const setup = await openDatabase(location);
  await setup.close();
  const started = performance.now();
  const loader = await load();
  const generated = await generate(model, loader);
  const database = await openDatabase(location);
  try {
    // Ingest keeps each check's latest result and each dataset's source freshness; the bulk
    // load went around it, so derive them once.
    await fillQualityLatest(database.db as never);
    await fillDatasetSourceFreshness(database.db as never);
    if (database.dialect === 'postgres') {
      // Run keys were given explicitly; ingest into this database later must continue after them.
      await sql`SELECT setval(pg_get_serial_sequence('runs', 'run_key'), (SELECT max(run_key) FROM runs))`.execute(database.db);
      await sql`VACUUM ANALYZE`.execute(database.db);
    }
    const generationSeconds = (performance.now() - started) / 1000;
    console.log(
      `${label}: generated ${generated.runs.toLocaleString('en')} runs, ${model.jobs.length.toLocaleString('en')} jobs, ${model.datasets.length.toLocaleString('en')} datasets, ${model.edges.length.toLocaleString('en')} lineage edges, ${generated.runDatasets.toLocaleString('en')} run outputs, ${generated.qualityChecks.toLocaleString('en')} quality checks, ${generated.freshnessObservations.toLocaleString('en')} freshness observations, ${generated.columnLineage.toLocaleString('en')} column-lineage rows in ${generationSeconds.toFixed(1)} s`,
    );
    const slas = createSlaResolver(parseSlaConfig(benchSlaConfig, 'bench-slas.yaml'));
    const ctx: BenchContext = { database, slas, model, generated };
    const reset = resetPeakRss();
    const measures = await benchQueries(ctx);
    const peakQueryMiB = reset ? peakRssMiB() : null;
    const strategies = await compareStrategies(ctx);
    let sizeMiB: number | null = null;
    if (database.dialect === 'sqlite') sizeMiB = fs.statSync(location).size / 2 ** 20;
    else {
      const size = await sql<{ size: string }>`SELECT pg_database_size(current_database()) AS size`.execute(database.db);
      sizeMiB = Number(size.rows[0].size) / 2 ** 20;
    }
    return { label, generationSeconds, generated, measures, strategies, peakQueryMiB, peakMiB: peakRssMiB(), sizeMiB };
  } finally {
    await database.close();
  }
}

function report(results: DatabaseFigures[], withDetails = true): void {
  console.log('');
  console.log(`p50 / p95 in ms over ${iterations} queries each (3 warm-up queries first), range = last 24 h, through runQuery():`);
  const header = ['query'.padEnd(42), ...results.map((r) => `${r.label} p50 / p95`.padStart(24)), 'target p95'.padStart(11), '  answers'];
  console.log(header.join(''));
  const first = results[0];
  for (let i = 0; i < first.measures.length; i++) {
    const cells = results.map((r) => {
      const times = r.measures[i].times;
      const p95 = percentile(times, 95);
      const miss = first.measures[i].target !== undefined && p95 > (first.measures[i].target as number) ? ' !' : '  ';
      return `${percentile(times, 50).toFixed(1).padStart(9)} / ${p95.toFixed(1).padStart(8)}${miss}`.padStart(24);
    });
    const target = first.measures[i].target;
    console.log(`${first.measures[i].label.padEnd(42)}${cells.join('')}${(target === undefined ? '' : `< ${target}`).padStart(11)}  ${first.measures[i].note ?? ''}`);
  }
  console.log('(! = p95 above target)');
  if (!withDetails) return;
  for (const r of results) {
    console.log('');
    console.log(`${r.label}: lineage traversal strategies, graph only (no node facts), both ways:`);
    for (const line of r.strategies) console.log(line);
    console.log(
      `${r.label}: generation ${r.generationSeconds.toFixed(1)} s, database ${r.sizeMiB?.toFixed(0) ?? '?'} MiB; peak RSS while querying ${r.peakQueryMiB === null ? 'n/a' : `${r.peakQueryMiB.toFixed(0)} MiB`}, peak RSS of the whole run so far ${r.peakMiB.toFixed(0)} MiB`,
    );
  }
  console.log(`load average at the end: ${loadAverage()} (other work on the machine inflates every figure)`);
  const memory = process.memoryUsage();
  console.log(`process at the end: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB, VmHWM ${peakRssMiB().toFixed(0)} MiB`);
}

/**
 * Drops the benchmark's database once the collector's pool has let go of it. Not WITH (FORCE)
 * straight away: terminating a pooled connection that is still closing makes pg's pool emit an
 * unhandled 'error' and would end this process.
 */
async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // object_in_use: sessions still closing
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

async function main(): Promise<void> {
  console.log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${loadAverage()}`,
  );
  const model = buildModel();
  const results: DatabaseFigures[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-bench-query-'));
  try {
    if (databases.includes('sqlite')) {
      // PANE_BENCH_KEEP_SQLITE=<file> keeps the generated SQLite database there, for EXPLAIN afterwards.
      const file = process.env.PANE_BENCH_KEEP_SQLITE ?? path.join(dir, 'pane.sqlite');
      if (fs.existsSync(file)) throw new Error(`${file} exists: remove it or choose another PANE_BENCH_KEEP_SQLITE`);
      results.push(await benchDatabase('SQLite', file, model, async () => sqliteLoader(file)));
      // printed at once, so a later failure (PostgreSQL restarted under us) does not lose them
      report(results.slice(-1));
    }
    const admin = process.env.PANE_BENCH_POSTGRES_URL;
    if (databases.includes('postgres') && admin) {
      const name = `pane_bench_query_${randomBytes(4).toString('hex')}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      const url = new URL(admin);
      url.pathname = `/${name}`;
      try {
        results.push(await benchDatabase('PostgreSQL', url.toString(), model, () => postgresLoader(url.toString())));
        report(results.slice(-1));
      } finally {
        // PANE_BENCH_KEEP_POSTGRES=1 keeps the generated database, for EXPLAIN ANALYZE afterwards.
        if (process.env.PANE_BENCH_KEEP_POSTGRES === '1') console.log(`PostgreSQL database kept: ${name}`);
        else await dropDatabase(client, name);
        await client.end();
      }
    } else if (databases.includes('postgres')) {
      console.log('PostgreSQL: skipped (set PANE_BENCH_POSTGRES_URL, or run `npm run bench:query`, which starts it)');
    }
    if (results.length > 1) {
      console.log('\nSide by side:');
      report(results, false);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
