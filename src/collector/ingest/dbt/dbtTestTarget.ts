import { DbtManifestNode } from './dbtManifest';
import { isRelationResource, parseDbtUniqueId } from './dbtDatasetNames';

/**
 * What a dbt test checks: which node(s) it is on, the check's name and the column.
 *
 * With a manifest: `attached_node` (the model a generic test is declared on), else the relations among
 * `depends_on.nodes` (singular tests); the check is `test_metadata.name` (prefixed by its package namespace,
 * e.g. `dbt_utils.expression_is_true`) or, for a singular test, the test's own name.
 *
 * Without a manifest, the unique_id is all there is: dbt names generic tests
 * `<test>_<model>_<column>[__<args>]` (`not_null_orders_order_id`,
 * `accepted_values_stg_orders_status__placed__shipped`), so a built-in generic test is resolved when its
 * model is among the nodes of the same document. Anything else stays unresolved.
 */

export interface DbtTestTarget {
  /** unique_ids of the nodes (models, seeds, snapshots, sources) the test is on */
  nodeIds: string[];
  check: string;
  column?: string;
}

const BUILT_IN_GENERIC_TESTS = ['accepted_values', 'relationships', 'not_null', 'unique'];

export function resolveDbtTestTarget(
  testUniqueId: string,
  manifestNode: DbtManifestNode | undefined,
  /** relation nodes known from the document: name → unique_id */
  knownNodes: ReadonlyMap<string, string>,
  /** resource type of a unique_id, from the manifest when it has it */
  resourceTypeOf: (uniqueId: string) => string | undefined = (id) => parseDbtUniqueId(id)?.resourceType,
): DbtTestTarget | undefined {
  if (manifestNode) {
    const nodeIds = manifestNode.attachedNode
      ? [manifestNode.attachedNode]
      : manifestNode.dependsOn.filter((id) => {
          const type = resourceTypeOf(id);
          return type !== undefined && (isRelationResource(type) || type === 'source');
        });
    if (nodeIds.length === 0) return undefined;
    const check = manifestNode.testName
      ? manifestNode.testNamespace
        ? `${manifestNode.testNamespace}.${manifestNode.testName}`
        : manifestNode.testName
      : manifestNode.name;
    return { nodeIds, check, column: manifestNode.columnName };
  }
  const parsed = parseDbtUniqueId(testUniqueId);
  if (!parsed || parsed.resourceType !== 'test') return undefined;
  for (const test of BUILT_IN_GENERIC_TESTS) {
    if (!parsed.name.startsWith(`${test}_`)) continue;
    const rest = parsed.name.slice(test.length + 1);
    const model = longestKnownPrefix(rest, knownNodes);
    if (!model) return undefined;
    const column = rest.slice(model.length + 1).split('__')[0];
    return { nodeIds: [knownNodes.get(model)!], check: test, column: column || undefined };
  }
  return undefined;
}

function longestKnownPrefix(rest: string, knownNodes: ReadonlyMap<string, string>): string | undefined {
  let best: string | undefined;
  for (const name of knownNodes.keys()) {
    if ((rest === name || rest.startsWith(`${name}_`)) && (!best || name.length > best.length)) best = name;
  }
  return best;
}
