import { describe, expect, it } from 'vitest';
import { DEFAULT_ORCHESTRATOR, orchestratorOf } from './orchestrator';

describe('orchestratorOf', () => {
  it.each([
    ['https://github.com/apache/airflow/tree/providers-openlineage/1.14.0', 'airflow'],
    ['https://github.com/apache/airflow/tree/providers-openlineage/2.1.0', 'airflow'],
    ['apache-airflow-providers-openlineage==1.8.0', 'airflow'],
    ['https://github.com/OpenLineage/OpenLineage/tree/0.30.0/integration/airflow', 'airflow'],
    ['https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/dbt', 'dbt'],
    ['https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/spark', 'spark'],
    ['https://github.com/OpenLineage/OpenLineage/tree/1.23.0-SNAPSHOT/integration/spark', 'spark'],
    ['https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/flink', 'flink'],
    ['https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/dagster', 'dagster'],
    ['https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/hive', 'hive'],
    ['https://github.com/OpenLineage/OpenLineage/tree/0.0.1/integration/great-expectations', 'great_expectations'],
    ['https://github.com/dagster-io/dagster/tree/master/python_modules/libraries/dagster-openlineage', 'dagster'],
    ['https://github.com/PrefectHQ/prefect-openlineage/tree/0.1.0', 'prefect'],
    ['https://github.com/OpenLineage/OpenLineage/tree/1.27.0/client/python', DEFAULT_ORCHESTRATOR],
    ['https://github.com/OpenLineage/OpenLineage/blob/v1-0-0/client', DEFAULT_ORCHESTRATOR],
    ['https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/common', DEFAULT_ORCHESTRATOR],
    ['https://example.com/my-cron-job', DEFAULT_ORCHESTRATOR],
  ])('%s → %s', (producer, expected) => {
    expect(orchestratorOf(producer)).toBe(expected);
    expect(orchestratorOf(producer)).toBe(expected); // cached answer is the same
  });

  it('prefers the jobType facet integration, lower-cased', () => {
    expect(orchestratorOf('https://github.com/OpenLineage/OpenLineage/tree/1.27.0/client/python', 'DBT')).toBe('dbt');
    expect(orchestratorOf('https://github.com/apache/airflow/tree/providers-openlineage/1.14.0', 'SPARK')).toBe('spark');
    expect(orchestratorOf(undefined, 'KAFKA_STREAMS')).toBe('kafka_streams');
    expect(orchestratorOf(undefined, 'Great Expectations')).toBe('great_expectations');
  });

  it("falls back to the producer when the integration is blank, and to 'openlineage'", () => {
    expect(orchestratorOf('https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/spark', ' ')).toBe('spark');
    expect(orchestratorOf(undefined)).toBe(DEFAULT_ORCHESTRATOR);
    expect(orchestratorOf('')).toBe(DEFAULT_ORCHESTRATOR);
  });
});
