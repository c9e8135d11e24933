import { DatasetKey } from '../../model/observations';

/**
 * Where a dlt pipeline loads, and how its tables are named as datasets.
 *
 * The dataset namespace follows the same rule as dbt's (`<adapter>://<database>`), so that the tables a dlt
 * pipeline loads are the very datasets the dbt sources reading them name, and lineage runs through:
 * - the platform is the last part of `destination_type` (`dlt.destinations.postgres` → `postgres`), spelled
 *   as dbt spells its adapter where they differ (`mssql` → `sqlserver`);
 * - the database is read from `destination_displayable_credentials` (passwords are already masked there):
 *   the path of `postgresql://loader:***@localhost:5432/jaffle_shop`, the file stem of a DuckDB file, the
 *   project of BigQuery;
 * - a table is `<database>.<dataset_name>.<table>` in `<platform>://<database>`.
 * When the database cannot be told, the table is `<dataset_name>.<table>` in `dlt://<destination_name>`.
 * The credentials themselves are never kept.
 */

export interface DltDestination {
  /** destination_name: `postgres`, or the name the user gave */
  name?: string;
  /** destination_type: `dlt.destinations.postgres` */
  type?: string;
  /** postgres, duckdb, snowflake, bigquery, ... */
  platform?: string;
  database?: string;
  datasetName?: string;
}

const PLATFORM_ALIASES: Record<string, string> = { mssql: 'sqlserver', motherduck: 'duckdb' };

export function dltPlatform(destinationType?: string, destinationName?: string): string | undefined {
  const raw = destinationType ? destinationType.split('.').pop() : destinationName;
  if (!raw) return undefined;
  const platform = raw.toLowerCase();
  return PLATFORM_ALIASES[platform] ?? platform;
}

const URL_LIKE = /^([a-z][a-z0-9+.-]*):\/\/(?:[^/@]*@)?([^/?#]*)(\/[^?#]*)?/i;
/** SQL destinations whose credentials are a URL ending in the database (a bucket's path is no database). */
const DATABASE_URL_PLATFORMS = new Set(['postgres', 'redshift', 'snowflake', 'sqlserver', 'synapse', 'clickhouse', 'dremio']);

/** The database a destination's displayable credentials point at, when they say. */
export function databaseFromCredentials(platform: string | undefined, displayable: string | undefined): string | undefined {
  if (!platform || !displayable) return undefined;
  const text = displayable.trim();
  if (platform === 'duckdb') {
    if (text.includes(':memory:')) return 'memory';
    const path = text.replace(/^[a-z]+:\/+/i, '/').split(/[?#]/)[0];
    const file = path.split(/[\\/]/).pop() ?? '';
    const stem = file.replace(/\.(duckdb|db)$/i, '');
    return stem || undefined;
  }
  if (platform === 'bigquery') {
    const project = /^(?:bigquery:\/\/)?([a-z][a-z0-9-]{4,28}[a-z0-9])/i.exec(text)?.[1];
    return project;
  }
  if (!DATABASE_URL_PLATFORMS.has(platform)) return undefined;
  const match = URL_LIKE.exec(text);
  if (!match) return undefined;
  const database = (match[3] ?? '').split('/').filter(Boolean)[0];
  return database ? decodeURIComponent(database) : undefined;
}

export function dltDestination(fields: {
  destinationName?: string;
  destinationType?: string;
  displayableCredentials?: string;
  datasetName?: string;
}): DltDestination {
  const platform = dltPlatform(fields.destinationType, fields.destinationName);
  return {
    name: fields.destinationName,
    type: fields.destinationType,
    platform,
    database: databaseFromCredentials(platform, fields.displayableCredentials),
    datasetName: fields.datasetName,
  };
}

/** The dataset a loaded table is: see the naming rules at the top of this file. */
export function dltTableDataset(destination: DltDestination, table: string): DatasetKey {
  const inDataset = destination.datasetName ? `${destination.datasetName}.${table}` : table;
  if (destination.platform && destination.database) {
    return { namespace: `${destination.platform}://${destination.database}`, name: `${destination.database}.${inDataset}` };
  }
  return { namespace: `dlt://${destination.name ?? destination.platform ?? 'destination'}`, name: inDataset };
}
