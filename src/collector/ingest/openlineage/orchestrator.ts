/**
 * Which integration produced an OpenLineage event, as a lower-case name the store and the
 * dashboards group by: airflow, dbt, spark, flink, dagster, prefect, great_expectations, ...
 *
 * The job's `jobType` facet says it outright (`integration: "AIRFLOW"`); otherwise the
 * producer URI does, in the forms the integrations really use:
 *   https://github.com/apache/airflow/tree/providers-openlineage/1.x          (Airflow provider)
 *   https://github.com/OpenLineage/OpenLineage/tree/1.x/integration/spark     (Spark, dbt, Flink, ...)
 *   https://github.com/OpenLineage/OpenLineage/tree/1.x/integration/dagster
 *   https://github.com/dagster-io/dagster/..., https://github.com/PrefectHQ/prefect/...
 * and 'openlineage' when nothing says more (e.g. the bare Python or Java client).
 */

export const DEFAULT_ORCHESTRATOR = 'openlineage';

/** Producer substrings (lower-case) that name an integration, checked in order. */
const PRODUCER_PATTERNS: ReadonlyArray<readonly [string, string]> = [
  ['apache-airflow-providers-openlineage', 'airflow'],
  ['providers-openlineage', 'airflow'],
  ['apache/airflow', 'airflow'],
  ['openlineage-airflow', 'airflow'],
  ['openlineage-dbt', 'dbt'],
  ['dbt-ol', 'dbt'],
  ['openlineage-spark', 'spark'],
  ['openlineage-flink', 'flink'],
  ['dagster', 'dagster'],
  ['prefect', 'prefect'],
  ['great_expectations', 'great_expectations'],
  ['great-expectations', 'great_expectations'],
  ['greatexpectations', 'great_expectations'],
];

/** `/integration/<name>` segments that are not an integration of their own. */
const NOT_AN_INTEGRATION = new Set(['common', 'sql', 'client', 'python', 'java']);

const INTEGRATION_SEGMENT = /\/integrations?\/([a-z0-9_.-]+)/;

const cache = new Map<string, string>();
const CACHE_LIMIT = 1024;

/** Lower-case integration name for a producer URI and, if known, the job's jobType facet integration. */
export function orchestratorOf(producer: string | undefined, jobTypeIntegration?: string): string {
  if (typeof jobTypeIntegration === 'string' && jobTypeIntegration.trim() !== '') {
    return normalizeName(jobTypeIntegration);
  }
  if (typeof producer !== 'string' || producer === '') return DEFAULT_ORCHESTRATOR;
  let found = cache.get(producer);
  if (found === undefined) {
    found = fromProducer(producer.toLowerCase());
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(producer, found);
  }
  return found;
}

function fromProducer(producer: string): string {
  for (const [needle, name] of PRODUCER_PATTERNS) {
    if (producer.includes(needle)) return name;
  }
  const segment = INTEGRATION_SEGMENT.exec(producer)?.[1];
  if (segment && !NOT_AN_INTEGRATION.has(segment)) return normalizeName(segment);
  return DEFAULT_ORCHESTRATOR;
}

const normalizeName = (name: string): string => name.trim().toLowerCase().replace(/[\s-]+/g, '_');
