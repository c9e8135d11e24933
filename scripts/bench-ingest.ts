/**
 * Ingest benchmark: OpenLineage events per second into a real `pane serve` process, through
 * the batch endpoint and through single POSTs from 32 concurrent keep-alive clients, with
 * acknowledgement latency and the collector's peak memory — on SQLite and PostgreSQL — and
 * the machine's raw SQLite limit for the same events, for scale. SQLite runs PANE_BENCH_ROUNDS
 * rounds (3) and reports each and their median; PostgreSQL, at a few hundred events a second,
 * runs one.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Agent, request } from 'undici';
import { startCollectorProcess } from '../tests/node/support/collectorProcess';

const writeToken = 'bench-write-token-0123456789';
const headers = { 'content-type': 'application/json', authorization: `Bearer ${writeToken}` };
const batchEvents = Number(process.env.PANE_BENCH_BATCH_EVENTS ?? 60_000);
const singleEvents = Number(process.env.PANE_BENCH_SINGLE_EVENTS ?? 30_000);
/** SQLite rounds, each on a fresh database and collector; their median is reported (this VM's speed drifts by ±25%). */
const sqliteRounds = Number(process.env.PANE_BENCH_ROUNDS ?? 3);
const batchSize = 500;
const batchClients = 4;
const singleClients = 32;

/** An Airflow task's COMPLETE event with an input, an output with statistics and a few facets. */
function benchEvent(i: number): Record<string, unknown> {
  const dag = `dag_${i % 200}`;
  return {
    eventType: i % 3 === 0 ? 'START' : 'COMPLETE',
    eventTime: new Date(Date.now() - (i % 10_000) * 1000).toISOString(),
    producer: 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: {
      runId: randomUUID(),
      facets: {
        nominalTime: {
          _producer: 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0',
          _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json',
          nominalStartTime: '2026-11-20T02:00:00Z',
        },
      },
    },
    job: { namespace: 'airflow-prod', name: `${dag}.task_${i % 7}` },
    inputs: [{ namespace: 'postgres://orders-db:5432', name: `public.source_${i % 500}` }],
    outputs: [
      {
        namespace: 'snowflake://acme',
        name: `analytics.staging.table_${i % 1000}`,
        outputFacets: {
          outputStatistics: {
            _producer: 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0',
            _schemaURL: 'https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json',
            rowCount: 1000 + (i % 5000),
            size: 64_000,
          },
        },
      },
    ],
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

interface Figures {
  database: string;
  batchRate: number;
  singleRate: number;
  p50: number;
  p99: number;
  peakMiB: number;
}

async function benchDatabase(label: string, location: string): Promise<Figures> {
  const collector = await startCollectorProcess(location, { PANE_TOKENS: `${writeToken}:write` });
  const dispatcher = new Agent({ connections: singleClients, pipelining: 1, keepAliveTimeout: 60_000 });
  try {
    // Warm up (JIT, statement caches) outside the measurement.
    await postBatches(collector.url, dispatcher, batchBodies(2_000));

    // Bodies are made before the clock starts, as for single POSTs below: the client shares the
    // machine's two cores with the collector, and its JSON work is not what is measured.
    const bodiesOfBatches = batchBodies(batchEvents);
    const batchStart = performance.now();
    await postBatches(collector.url, dispatcher, bodiesOfBatches);
    const batchSeconds = (performance.now() - batchStart) / 1000;

    const bodies = Array.from({ length: singleEvents }, (_, i) => JSON.stringify(benchEvent(i)));
    const latencies: number[] = [];
    let next = 0;
    const singleStart = performance.now();
    await Promise.all(
      Array.from({ length: singleClients }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const sent = performance.now();
          const response = await request(`${collector.url}/api/v1/lineage`, { method: 'POST', headers, body, dispatcher });
          await response.body.dump();
          if (response.statusCode !== 201) throw new Error(`single POST answered ${response.statusCode}`);
          latencies.push(performance.now() - sent);
        }
      }),
    );
    const singleSeconds = (performance.now() - singleStart) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      database: label,
      batchRate: batchEvents / batchSeconds,
      singleRate: singleEvents / singleSeconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      peakMiB: peakRssMiB(collector.child.pid as number),
    };
  } finally {
    await dispatcher.close();
    await collector.stop();
  }
}

/** `total` events as batch bodies of `batchSize`, with run ids never sent before. */
function batchBodies(total: number): Array<{ body: string; size: number }> {
  let offset = 1_000_000 + Math.floor(Math.random() * 1e9);
  const bodies: Array<{ body: string; size: number }> = [];
  for (let sent = 0; sent < total; sent += batchSize) {
    const size = Math.min(batchSize, total - sent);
    bodies.push({ body: JSON.stringify(Array.from({ length: size }, () => benchEvent(offset++))), size });
  }
  return bodies;
}

async function postBatches(url: string, dispatcher: Agent, bodies: Array<{ body: string; size: number }>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: batchClients }, async () => {
      while (next < bodies.length) {
        const { body, size } = bodies[next++];
        const response = await request(`${url}/api/v1/lineage/batch`, { method: 'POST', headers, body, dispatcher });
        const answer = (await response.body.json()) as { stored: number };
        if (response.statusCode !== 200 || answer.stored !== size) {
          throw new Error(`batch answered ${response.statusCode}: ${JSON.stringify(answer).slice(0, 300)}`);
        }
      }
    }),
  );
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Each figure's median over the rounds; peak memory is the largest any round reached. */
function medianOf(label: string, rounds: Figures[]): Figures {
  return {
    database: label,
    batchRate: median(rounds.map((r) => r.batchRate)),
    singleRate: median(rounds.map((r) => r.singleRate)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    peakMiB: Math.max(...rounds.map((r) => r.peakMiB)),
  };
}

/** The same events as plain rows through one prepared statement in one transaction. */
function rawSqliteRate(dir: string, count: number, round: number): number {
  const db = new SqliteDatabase(path.join(dir, `raw-${round}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE events (id INTEGER PRIMARY KEY, event_key TEXT UNIQUE, event_type TEXT, event_time INTEGER, run_id TEXT, job_namespace TEXT, job_name TEXT, payload TEXT)',
  );
  const events = Array.from({ length: count }, (_, i) => benchEvent(i) as any);
  const insert = db.prepare('INSERT INTO events (event_key, event_type, event_time, run_id, job_namespace, job_name, payload) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const start = performance.now();
  db.transaction(() => {
    for (const event of events) {
      insert.run(event.run.runId, event.eventType, Date.parse(event.eventTime), event.run.runId, event.job.namespace, event.job.name, JSON.stringify(event));
    }
  })();
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return count / seconds;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-bench-'));
  const results: Figures[] = [];
  try {
    console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
    console.log(`events: ${batchEvents} in batches of ${batchSize} from ${batchClients} clients; ${singleEvents} single POSTs from ${singleClients} keep-alive clients`);
    const rounds: Figures[] = [];
    const raws: number[] = [];
    for (let round = 1; round <= sqliteRounds; round++) {
      const figures = await benchDatabase('SQLite', path.join(dir, `pane-${round}.sqlite`));
      const raw = rawSqliteRate(dir, 100_000, round);
      rounds.push(figures);
      raws.push(raw);
      console.log(
        `SQLite round ${round}: batched ${figures.batchRate.toFixed(0)} ev/s, single ${figures.singleRate.toFixed(0)} ev/s, ack p50 ${figures.p50.toFixed(2)} ms, p99 ${figures.p99.toFixed(2)} ms; raw limit ${raw.toFixed(0)} rows/s`,
      );
    }
    results.push(medianOf(rounds.length > 1 ? `SQLite*` : 'SQLite', rounds));
    const postgresAdmin = process.env.PANE_BENCH_POSTGRES_URL;
    if (postgresAdmin) {
      const name = `pane_bench_${Date.now()}`;
      const admin = new pg.Client({ connectionString: postgresAdmin });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(postgresAdmin);
      url.pathname = `/${name}`;
      try {
        results.push(await benchDatabase('PostgreSQL', url.toString()));
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    } else {
      console.log('PostgreSQL: skipped (set PANE_BENCH_POSTGRES_URL, or run `npm run bench`, which starts it)');
    }
    const raw = median(raws);

    console.log('');
    console.log('database    batched ev/s   single ev/s   ack p50 ms   ack p99 ms   peak RSS MiB');
    for (const r of results) {
      console.log(
        `${r.database.padEnd(11)} ${r.batchRate.toFixed(0).padStart(12)} ${r.singleRate.toFixed(0).padStart(13)} ${r.p50.toFixed(2).padStart(12)} ${r.p99.toFixed(2).padStart(12)} ${r.peakMiB.toFixed(0).padStart(14)}`,
      );
    }
    console.log('');
    if (rounds.length > 1) console.log(`* SQLite: the median of ${rounds.length} rounds (printed above), each on a fresh database and collector; peak RSS is the largest`);
    console.log(`raw SQLite limit (same events, one prepared INSERT, one transaction${raws.length > 1 ? `, median of ${raws.length}` : ''}): ${raw.toFixed(0)} rows/s`);
    const sqlite = results[0];
    console.log(`our batched SQLite rate is ${((sqlite.batchRate / raw) * 100).toFixed(1)}% of the raw limit; single POSTs ${((sqlite.singleRate / raw) * 100).toFixed(1)}%`);
    console.log('targets: batched >= 10000 ev/s into SQLite, single POSTs >= 3000 ev/s');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
