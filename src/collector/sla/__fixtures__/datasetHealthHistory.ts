import { ingestOpenLineageEvent } from '../../ingest/openlineage';
import type { IngestEnvelope } from '../../model/observations';
import { IngestWriter } from '../../store/ingestWriter';
import type { PaneDatabase } from '../../store/openDatabase';
import { parseSlaConfig } from '../slaConfig';
import { createSlaResolver } from '../slaResolver';

/**
 * A month of dataset health for freshness, quality, volume and /metrics tests, loaded through
 * the real OpenLineage ingest (plus one dbt source freshness envelope). "Now" is
 * 2024-11-20 12:00 UTC.
 *
 * Warehouse `snowflake://acme`:
 * - analytics.orders_daily: written daily at 06:30 by airflow-prod:orders_daily.load, ~10,000
 *   rows; today only 2,000 (a volume drop). SLA 6h/12h → fresh (5.5 h old). Severity critical.
 *   A dbt test job checks it at 04:00 and 10:00 daily: not_null(order_id) passes; unique(order_id)
 *   fails today at 10:00.
 * - analytics.customers: written daily at 02:00 until two days ago (ownership facet team:crm).
 *   SLA 26h/48h → stale (58 h old).
 * - analytics.events_hourly: written hourly until 7 h ago. SLA 6h/12h → warning.
 * - analytics.finance_revenue: expected daily at 06:00 UTC with 2 h grace; last written
 *   yesterday 06:20 → stale (today's 06:00 deadline 08:00 passed).
 * - analytics.new_table: only ever read, never written → unknown.
 * - scratch.tmp (namespace `s3://scratch`): written 1 h ago, no SLA → unknown.
 * Source `postgres://raw`:
 * - stripe.charges: dbt source freshness, max_loaded_at 3 h ago, criteria warn 1h / error 2h →
 *   stale by dbt's own criteria (no config rule covers it).
 */
export const now = Date.parse('2024-11-20T12:00:00.000Z');
export const hour = 3_600_000;
export const day = 24 * hour;
export const warehouse = 'snowflake://acme';
export const rawSource = 'postgres://raw';
export const producer = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';
const dbtProducer = 'https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/dbt';

export const slaYaml = `
datasets:
  - namespace: "snowflake://acme"
    dataset: "analytics.*"
    owners: [analytics@acme.example]
    team: analytics
    freshness: { warnAfter: 26h, criticalAfter: 48h }
    minQualityPassRatio: 0.9
  - namespace: "snowflake://acme"
    dataset: analytics.orders_daily
    severity: critical
    freshness: { warnAfter: 6h, criticalAfter: 12h }
  - dataset: analytics.events_hourly
    freshness: { warnAfter: 6h, criticalAfter: 12h }
  - dataset: "analytics.finance_*"
    team: finance
    freshness:
      expectedSchedule: { cron: "0 6 * * *", grace: 2h }
jobs:
  - namespace: airflow-prod
    job: "orders_daily.*"
    team: orders
    expectedSchedule: { cron: "30 6 * * *", grace: 1h }
  - namespace: airflow-prod
    job: "finance.*"
    expectedSchedule: { cron: "0 6 * * *", grace: 2h }
  - job: "crm.*"
    severity: error
    expectedSchedule: { cron: "0 2 * * *", grace: 1h }
`;
export const healthSlas = () => createSlaResolver(parseSlaConfig(slaYaml, 'test-slas.yaml'));

const facetBase = (schema: string, by = producer) => ({ _producer: by, _schemaURL: `https://openlineage.io/spec/facets/${schema}` });

let counter = 0;
const runId = () => `01934b00-0000-7000-8000-${(++counter).toString(16).padStart(12, '0')}`;

interface Io {
  namespace: string;
  name: string;
  rows?: number;
  owner?: string;
  assertions?: Array<{ assertion: string; success: boolean; column?: string; severity?: string; actual?: string; expected?: string }>;
}

const dataset = (io: Io, direction: 'input' | 'output') => ({
  namespace: io.namespace,
  name: io.name,
  ...(io.owner
    ? { facets: { ownership: { ...facetBase('1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet'), owners: [{ name: io.owner, type: 'TEAM' }] } } }
    : {}),
  ...(direction === 'output' && io.rows !== undefined
    ? {
        outputFacets: {
          outputStatistics: { ...facetBase('1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet'), rowCount: io.rows, size: io.rows * 40 },
        },
      }
    : {}),
  ...(direction === 'input' && io.assertions
    ? {
        inputFacets: {
          dataQualityAssertions: {
            ...facetBase('1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet', dbtProducer),
            assertions: io.assertions,
          },
        },
      }
    : {}),
});

/** A run of `job` from `start` to `end`: START and COMPLETE (or FAIL) events. */
function run(
  job: { namespace: string; name: string },
  start: number,
  end: number,
  io: { inputs?: Io[]; outputs?: Io[] },
  options: { state?: 'COMPLETE' | 'FAIL'; by?: string } = {},
): Array<Record<string, unknown>> {
  const id = runId();
  const event = (type: string, time: number, withIo: boolean) => ({
    eventType: type,
    eventTime: new Date(time).toISOString(),
    producer: options.by ?? producer,
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: id, facets: {} },
    job: { ...job, facets: {} },
    inputs: withIo ? (io.inputs ?? []).map((i) => dataset(i, 'input')) : (io.inputs ?? []).map((i) => ({ namespace: i.namespace, name: i.name })),
    outputs: withIo ? (io.outputs ?? []).map((o) => dataset(o, 'output')) : (io.outputs ?? []).map((o) => ({ namespace: o.namespace, name: o.name })),
  });
  return [event('START', start, false), event(options.state ?? 'COMPLETE', end, true)];
}

/** Rows the orders job wrote d days before today (d = 0 is today): ~10,000 with a little noise; 2,000 today. */
export const ordersRows = (daysAgo: number) => (daysAgo === 0 ? 2000 : 10_000 + ((daysAgo * 7919) % 600) - 300);

export const orders = { namespace: warehouse, name: 'analytics.orders_daily' };
export const customers = { namespace: warehouse, name: 'analytics.customers' };
export const eventsHourly = { namespace: warehouse, name: 'analytics.events_hourly' };
export const financeRevenue = { namespace: warehouse, name: 'analytics.finance_revenue' };
export const newTable = { namespace: warehouse, name: 'analytics.new_table' };
export const scratch = { namespace: 's3://scratch', name: 'scratch.tmp' };
export const stripe = { namespace: rawSource, name: 'stripe.charges' };
export const ordersJob = { namespace: 'airflow-prod', name: 'orders_daily.load' };
export const testJob = { namespace: 'dbt-prod', name: 'acme.test_orders_daily' };

export function healthHistoryEvents(): Array<Record<string, unknown>> {
  counter = 0;
  const midnight = now - 12 * hour;
  const events: Array<Record<string, unknown>> = [];
  for (let d = 29; d >= 0; d--) {
    const dayStart = midnight - d * day;
    events.push(...run(ordersJob, dayStart + 6 * hour + 20 * 60_000, dayStart + 6.5 * hour, { inputs: [newTable], outputs: [{ ...orders, rows: ordersRows(d) }] }));
    for (const at of [4, 10]) {
      const uniquePasses = !(d === 0 && at === 10);
      events.push(
        ...run(testJob, dayStart + at * hour, dayStart + at * hour + 60_000, {
          inputs: [
            {
              ...orders,
              assertions: [
                { assertion: 'not_null', success: true, column: 'order_id', severity: 'error' },
                {
                  assertion: 'unique',
                  success: uniquePasses,
                  column: 'order_id',
                  severity: 'error',
                  ...(uniquePasses ? {} : { actual: '3 duplicates', expected: '0 duplicates' }),
                },
              ],
            },
          ],
        }, { by: dbtProducer }),
      );
    }
    if (d >= 2) {
      events.push(...run({ namespace: 'airflow-prod', name: 'crm.load_customers' }, dayStart + 2 * hour, dayStart + 2 * hour + 5 * 60_000, { outputs: [{ ...customers, rows: 500 + d, owner: 'team:crm' }] }));
    }
    if (d >= 1) {
      events.push(...run({ namespace: 'airflow-prod', name: 'finance.revenue' }, dayStart + 6 * hour, dayStart + 6 * hour + 20 * 60_000, { outputs: [{ ...financeRevenue, rows: 42 }] }));
    }
  }
  // hourly events for the last two days, until 7 h ago
  for (let t = now - 48 * hour; t <= now - 7 * hour; t += hour) {
    events.push(...run({ namespace: 'airflow-prod', name: 'events.hourly' }, t - 10 * 60_000, t, { outputs: [{ ...eventsHourly, rows: 3000 }] }));
  }
  events.push(...run({ namespace: 'spark', name: 'scratch.job' }, now - 2 * hour, now - hour, { outputs: [{ ...scratch, rows: 7 }] }));
  // a failed attempt at the finance job today
  events.push(...run({ namespace: 'airflow-prod', name: 'finance.revenue' }, midnight + 6 * hour, midnight + 6 * hour + 60_000, { outputs: [financeRevenue] }, { state: 'FAIL' }));
  return events;
}

function stripeFreshness(): IngestEnvelope {
  const observe = (hoursAgo: number, status: string, loadedHoursAgo: number) => ({
    dataset: stripe,
    observedAt: now - hoursAgo * hour,
    maxLoadedAt: now - loadedHoursAgo * hour,
    status,
    warnAfterSeconds: 3600,
    errorAfterSeconds: 7200,
  });
  return {
    source: 'dbt',
    eventKey: 'test-stripe-freshness',
    eventType: 'dbt/sources',
    eventTime: now - hour,
    payload: { test: 'stripe freshness' },
    runs: [],
    datasets: [{ ...stripe }],
    jobs: [],
    qualityChecks: [],
    freshness: [observe(5, 'pass', 5.5), observe(1, 'error', 3)],
  };
}

/** Loads the month into the database through the real ingest. */
export async function loadHealthHistory(database: PaneDatabase): Promise<void> {
  const writer = new IngestWriter(database);
  const envelopes = healthHistoryEvents().map((event) => ingestOpenLineageEvent(event));
  await writer.submit([...envelopes, stripeFreshness()]);
}
