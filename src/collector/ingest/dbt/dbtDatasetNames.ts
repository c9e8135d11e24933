import { DatasetKey } from '../../model/observations';

/**
 * How dbt things are named in Pipeline Pane.
 *
 * - Jobs: namespace `dbt://<project_name>`; the invocation's job is named after the project (or
 *   `dbt-invocation` when no project is known); each model/seed/snapshot is a job named by its unique_id
 *   (`model.jaffle_shop.orders`).
 * - Datasets: the relation a node builds, named `<database>.<schema>.<identifier>` (unquoted), in the
 *   namespace `<adapter_type>://<database>` (e.g. `postgres://jaffle_shop`) when the adapter is known
 *   (from the manifest, or the caller's `adapterType` option); otherwise `dbt://<project_name>`.
 *   The dlt normalizer names the tables it loads the same way, so a dlt load and the dbt sources reading
 *   it meet in one lineage graph.
 */

export interface DbtUniqueId {
  /** model, seed, snapshot, source, test, unit_test, operation, ... */
  resourceType: string;
  packageName: string;
  /** the node's name: `orders`; for a source, the table name */
  name: string;
  /** for a source: the source name (`raw` in `source.jaffle_shop.raw.customers`) */
  sourceName?: string;
  /** for a versioned model: `v2` in `model.jaffle_shop.dim_customers.v2` */
  version?: string;
}

const TEST_HASH = /^[0-9a-f]{10}$/;
const MODEL_VERSION = /^v\d+(?:[._-]\w+)?$/;

/** Splits a dbt unique_id; undefined when it does not have the `<type>.<package>.<name>` shape. */
export function parseDbtUniqueId(uniqueId: string): DbtUniqueId | undefined {
  const parts = uniqueId.split('.');
  if (parts.length < 3 || parts.some((p) => p === '')) return undefined;
  const [resourceType, packageName, ...rest] = parts;
  if (resourceType === 'source') {
    if (rest.length < 2) return undefined;
    return { resourceType, packageName, sourceName: rest[0], name: rest.slice(1).join('.') };
  }
  if (resourceType === 'test' && rest.length === 2 && TEST_HASH.test(rest[1])) {
    return { resourceType, packageName, name: rest[0] };
  }
  if (resourceType === 'model' && rest.length === 2 && MODEL_VERSION.test(rest[1])) {
    return { resourceType, packageName, name: rest[0], version: rest[1] };
  }
  return { resourceType, packageName, name: rest.join('.') };
}

/** Node types that build a relation (and so are runs with an output dataset). */
export const RELATION_RESOURCE_TYPES = ['model', 'seed', 'snapshot'] as const;
export const isRelationResource = (resourceType: string): boolean =>
  (RELATION_RESOURCE_TYPES as readonly string[]).includes(resourceType);

/**
 * The parts of an adapter-quoted relation name: `"jaffle_shop"."main"."orders"` (Postgres, DuckDB),
 * `` `project`.`dataset`.`orders` `` (BigQuery), `[db].[dbo].[orders]` (SQL Server) or plain `analytics.dbt.orders`.
 * Dots inside quotes stay in their part.
 */
export function relationNameParts(relationName: string): string[] {
  const parts: string[] = [];
  let current = '';
  let closing: string | undefined;
  for (let i = 0; i < relationName.length; i += 1) {
    const ch = relationName[i];
    if (closing) {
      if (ch === closing) {
        if (relationName[i + 1] === closing && closing !== ']') {
          current += ch; // doubled quote inside a quoted identifier
          i += 1;
        } else {
          closing = undefined;
        }
      } else {
        current += ch;
      }
    } else if (ch === '"' || ch === '`') {
      closing = ch;
    } else if (ch === '[') {
      closing = ']';
    } else if (ch === '.') {
      parts.push(current);
      current = '';
    } else if (!/\s/.test(ch)) {
      current += ch;
    }
  }
  parts.push(current);
  return parts.filter((p) => p !== '');
}

export interface DbtNaming {
  /** the dbt project name, when known */
  project?: string;
  /** namespace of every dbt job of this document */
  jobNamespace: string;
  /** the invocation's job name */
  invocationJobName: string;
  /** postgres, snowflake, bigquery, duckdb, ... when known */
  adapterType?: string;
}

export interface DbtNamingOptions {
  /** overrides `dbt://<project>` */
  jobNamespace?: string;
  /** used when the document has no manifest (or the manifest does not say) */
  projectName?: string;
  /** used when the document has no manifest (or the manifest does not say) */
  adapterType?: string;
}

/**
 * Picks the project, adapter and namespaces: the manifest's metadata wins, then the caller's options, then
 * (for the project) the package that owns most of the document's nodes.
 */
export function resolveDbtNaming(
  manifest: { projectName?: string; adapterType?: string } | undefined,
  options: DbtNamingOptions,
  uniqueIds: string[],
): DbtNaming {
  const project = manifest?.projectName ?? options.projectName ?? mostCommonPackage(uniqueIds);
  return {
    project,
    jobNamespace: options.jobNamespace ?? `dbt://${project ?? 'default'}`,
    invocationJobName: project ?? 'dbt-invocation',
    adapterType: manifest?.adapterType ?? options.adapterType,
  };
}

function mostCommonPackage(uniqueIds: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const id of uniqueIds) {
    const parsed = parseDbtUniqueId(id);
    if (parsed) counts.set(parsed.packageName, (counts.get(parsed.packageName) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [pkg, count] of counts) {
    if (count > bestCount) {
      best = pkg;
      bestCount = count;
    }
  }
  return best;
}

/** The dataset a relation is: see the naming rules at the top of this file. */
export function dbtRelationDataset(
  naming: DbtNaming,
  relation: { database?: string; schema?: string; identifier: string },
): DatasetKey {
  const name = [relation.database, relation.schema, relation.identifier].filter((p) => p !== undefined && p !== '').join('.');
  const namespace =
    naming.adapterType && relation.database ? `${naming.adapterType}://${relation.database}` : `dbt://${naming.project ?? 'default'}`;
  return { namespace, name };
}

/** The dataset of a relation name as run_results writes it (`"db"."schema"."table"`). */
export function dbtDatasetFromRelationName(naming: DbtNaming, relationName: string): DatasetKey | undefined {
  const parts = relationNameParts(relationName);
  if (parts.length === 0) return undefined;
  const identifier = parts[parts.length - 1];
  const schema = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const database = parts.length >= 3 ? parts.slice(0, parts.length - 2).join('.') : undefined;
  return dbtRelationDataset(naming, { database, schema, identifier });
}
