import { describe, expect, it } from 'vitest';
import { databaseFromCredentials, dltDestination, dltPlatform, dltTableDataset } from './dltDestination';

describe('dltPlatform', () => {
  it('reads the platform from destination_type, else destination_name, as dbt spells adapters', () => {
    expect(dltPlatform('dlt.destinations.postgres', 'my_warehouse')).toBe('postgres');
    expect(dltPlatform(undefined, 'duckdb')).toBe('duckdb');
    expect(dltPlatform('dlt.destinations.mssql')).toBe('sqlserver');
    expect(dltPlatform()).toBeUndefined();
  });
});

describe('databaseFromCredentials', () => {
  it('reads the database of URL-style credentials', () => {
    expect(databaseFromCredentials('postgres', 'postgresql://loader:***@localhost:5432/jaffle_shop')).toBe('jaffle_shop');
    expect(databaseFromCredentials('snowflake', 'snowflake://loader:***@kgiotue-wn98412/dlt_data?warehouse=COMPUTE_WH&role=DLT_LOADER_ROLE')).toBe('dlt_data');
    expect(databaseFromCredentials('redshift', 'redshift://loader:***@cluster.abc.eu-west-1.redshift.amazonaws.com:5439/dev')).toBe('dev');
    expect(databaseFromCredentials('postgres', 'postgresql://loader:***@localhost:5432')).toBeUndefined();
  });

  it('reads the file stem of a DuckDB database and the project of BigQuery', () => {
    expect(databaseFromCredentials('duckdb', 'duckdb:////home/runner/work/jaffle_shop.duckdb')).toBe('jaffle_shop');
    expect(databaseFromCredentials('duckdb', '/tmp/pipelines/jaffle_raw.duckdb')).toBe('jaffle_raw');
    expect(databaseFromCredentials('duckdb', 'duckdb:///:memory:')).toBe('memory');
    expect(databaseFromCredentials('bigquery', 'acme-analytics-prod')).toBe('acme-analytics-prod');
  });

  it('says nothing when it cannot tell', () => {
    expect(databaseFromCredentials('filesystem', undefined)).toBeUndefined();
    expect(databaseFromCredentials(undefined, 'postgresql://a/b')).toBeUndefined();
    expect(databaseFromCredentials('weaviate', 'not a url')).toBeUndefined();
    expect(databaseFromCredentials('filesystem', 's3://acme-lake/raw')).toBeUndefined();
  });
});

describe('dltTableDataset', () => {
  it('names tables like dbt names relations when the database is known', () => {
    const destination = dltDestination({
      destinationName: 'postgres',
      destinationType: 'dlt.destinations.postgres',
      displayableCredentials: 'postgresql://loader:***@localhost:5432/jaffle_shop',
      datasetName: 'raw',
    });
    expect(destination).toEqual({ name: 'postgres', type: 'dlt.destinations.postgres', platform: 'postgres', database: 'jaffle_shop', datasetName: 'raw' });
    expect(dltTableDataset(destination, 'customers')).toEqual({ namespace: 'postgres://jaffle_shop', name: 'jaffle_shop.raw.customers' });
  });

  it('falls back to dlt://<destination_name>', () => {
    const destination = dltDestination({ destinationName: 'lake', destinationType: 'dlt.destinations.filesystem', datasetName: 'raw' });
    expect(dltTableDataset(destination, 'orders')).toEqual({ namespace: 'dlt://lake', name: 'raw.orders' });
  });
});
