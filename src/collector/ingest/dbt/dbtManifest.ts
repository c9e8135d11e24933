import { SchemaField } from '../../model/observations';
import { DocumentChecks, isJsonObject, JsonObject, pointer } from './documentChecks';
import { DbtArtifact } from './dbtArtifacts';

/**
 * The parts of a dbt manifest.json this collector reads: project and adapter from `metadata`, and per node
 * its relation (database, schema, alias/identifier), materialization, `depends_on.nodes`, and for tests
 * `test_metadata`, `column_name`, `attached_node` and the configured severity. Nodes are read (and checked)
 * only when asked for, so a large manifest costs only what the run results touch.
 */

export interface DbtManifestNode {
  uniqueId: string;
  resourceType: string;
  name: string;
  database?: string;
  schema?: string;
  /** alias for models/seeds/snapshots, identifier for sources; defaults to the name */
  identifier: string;
  materialized?: string;
  dependsOn: string[];
  /** generic tests: `not_null`, `unique`, `accepted_values`, `relationships`, ... */
  testName?: string;
  /** generic tests from a package: `dbt_utils`, ... */
  testNamespace?: string;
  columnName?: string;
  attachedNode?: string;
  /** the test's configured severity, lower case (`error`, `warn`) */
  severity?: string;
  description?: string;
  /** the columns documented in the project's YAML */
  columns?: SchemaField[];
}

export interface DbtManifest {
  projectName?: string;
  adapterType?: string;
  dbtVersion?: string;
  /** The node (or source) with this unique_id, checked; undefined when the manifest does not have it. */
  node(uniqueId: string): DbtManifestNode | undefined;
}

export function readDbtManifest(artifact: DbtArtifact, checks: DocumentChecks): DbtManifest {
  const { document, path } = artifact;
  const metadata = isJsonObject(document.metadata) ? document.metadata : {};
  const projectName = checks.string(metadata.project_name, pointer(path, 'metadata', 'project_name'), { optional: true, nullable: true, nonEmpty: true });
  const adapterType = checks.string(metadata.adapter_type, pointer(path, 'metadata', 'adapter_type'), { optional: true, nullable: true, nonEmpty: true });
  const dbtVersion = checks.string(metadata.dbt_version, pointer(path, 'metadata', 'dbt_version'), { optional: true, nullable: true });
  const nodes = checks.object(document.nodes, pointer(path, 'nodes')) ?? {};
  const sources = checks.object(document.sources, pointer(path, 'sources'), { optional: true }) ?? {};
  const cache = new Map<string, DbtManifestNode | undefined>();

  return {
    projectName,
    adapterType,
    dbtVersion,
    node(uniqueId: string): DbtManifestNode | undefined {
      if (cache.has(uniqueId)) return cache.get(uniqueId);
      let node: DbtManifestNode | undefined;
      if (Object.prototype.hasOwnProperty.call(nodes, uniqueId)) {
        node = readNode(nodes[uniqueId], pointer(path, 'nodes', uniqueId), uniqueId, checks);
      } else if (Object.prototype.hasOwnProperty.call(sources, uniqueId)) {
        node = readNode(sources[uniqueId], pointer(path, 'sources', uniqueId), uniqueId, checks);
      }
      cache.set(uniqueId, node);
      return node;
    },
  };
}

function readNode(value: unknown, path: string, uniqueId: string, checks: DocumentChecks): DbtManifestNode | undefined {
  const node = checks.object(value, path);
  if (!node) return undefined;
  const opt = { optional: true, nullable: true } as const;
  const resourceType = checks.string(node.resource_type, pointer(path, 'resource_type'));
  const name = checks.string(node.name, pointer(path, 'name'), { nonEmpty: true });
  const database = checks.string(node.database, pointer(path, 'database'), opt);
  const schema = checks.string(node.schema, pointer(path, 'schema'), opt);
  const alias = checks.string(node.alias, pointer(path, 'alias'), opt);
  const identifier = checks.string(node.identifier, pointer(path, 'identifier'), opt);
  const config = checks.object(node.config, pointer(path, 'config'), opt) ?? {};
  const materialized = checks.string(config.materialized, pointer(path, 'config', 'materialized'), opt);
  const severity = checks.string(config.severity, pointer(path, 'config', 'severity'), opt);
  const dependsOnObject: JsonObject = checks.object(node.depends_on, pointer(path, 'depends_on'), opt) ?? {};
  const dependsOn = checks.strings(dependsOnObject.nodes, pointer(path, 'depends_on', 'nodes'), opt) ?? [];
  const testMetadata = checks.object(node.test_metadata, pointer(path, 'test_metadata'), opt);
  const testName = testMetadata ? checks.string(testMetadata.name, pointer(path, 'test_metadata', 'name'), { nonEmpty: true }) : undefined;
  const testNamespace = testMetadata ? checks.string(testMetadata.namespace, pointer(path, 'test_metadata', 'namespace'), opt) : undefined;
  const kwargs = testMetadata && isJsonObject(testMetadata.kwargs) ? testMetadata.kwargs : {};
  const columnName =
    checks.string(node.column_name, pointer(path, 'column_name'), opt) ??
    (typeof kwargs.column_name === 'string' ? kwargs.column_name : undefined);
  const attachedNode = checks.string(node.attached_node, pointer(path, 'attached_node'), opt);
  const description = checks.string(node.description, pointer(path, 'description'), opt);
  const columns = readColumns(node.columns, pointer(path, 'columns'), checks);
  if (resourceType === undefined || name === undefined) return undefined;
  return {
    uniqueId,
    resourceType,
    name,
    database: database || undefined,
    schema: schema || undefined,
    identifier: (resourceType === 'source' ? identifier : alias) || name,
    materialized,
    dependsOn,
    testName,
    testNamespace: testNamespace || undefined,
    columnName,
    attachedNode,
    severity: severity?.toLowerCase(),
    ...(description ? { description } : {}),
    ...(columns.length > 0 ? { columns } : {}),
  };
}

function readColumns(value: unknown, path: string, checks: DocumentChecks): SchemaField[] {
  const columns = checks.object(value, path, { optional: true, nullable: true });
  if (!columns) return [];
  const fields: SchemaField[] = [];
  for (const [key, column] of Object.entries(columns)) {
    const columnPath = pointer(path, key);
    const object = checks.object(column, columnPath);
    if (!object) continue;
    const name = checks.string(object.name, pointer(columnPath, 'name'), { optional: true, nullable: true }) || key;
    const type = checks.string(object.data_type, pointer(columnPath, 'data_type'), { optional: true, nullable: true });
    const description = checks.string(object.description, pointer(columnPath, 'description'), { optional: true, nullable: true });
    fields.push({ name, ...(type ? { type } : {}), ...(description ? { description } : {}) });
  }
  return fields;
}
