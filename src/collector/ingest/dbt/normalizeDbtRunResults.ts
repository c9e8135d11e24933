import { deterministicUuid } from '../../model/deterministicUuid';
import { eventKeyOf } from '../../model/eventKey';
import {
  DatasetKey,
  DatasetObservation,
  IngestEnvelope,
  QualityCheckObservation,
  RunObservation,
} from '../../model/observations';
import { DocumentChecks } from './documentChecks';
import { splitDbtBody } from './dbtArtifacts';
import {
  DbtNaming,
  DbtNamingOptions,
  dbtDatasetFromRelationName,
  dbtRelationDataset,
  isRelationResource,
  parseDbtUniqueId,
  resolveDbtNaming,
} from './dbtDatasetNames';
import { DbtManifest, readDbtManifest } from './dbtManifest';
import { isFailingDbtStatus, runStateOfDbtStatus } from './dbtStatus';
import { resolveDbtTestTarget } from './dbtTestTarget';
import { spanOf } from './dbtTiming';
import { dbtFreshnessObservations, readDbtSourceFreshness } from './normalizeDbtSources';
import { DbtResult, DbtRunResults, readDbtRunResults } from './readDbtRunResults';
import { distinctJobs, mergeDatasets, runTransitions } from './runObservations';
import { nodeKey } from '../../model/nodeKey';

/**
 * A dbt invocation's artifacts → one IngestEnvelope.
 *
 * Body: a run_results.json (schema v5 or v6), a sources.json (v3), or
 * `{ "run_results": {...}, "manifest": {...}, "sources": {...} }` (manifest and sources optional).
 *
 * - The invocation is a parent run (job `dbt://<project>` / `<project>`), its id derived from
 *   `metadata.invocation_id`; it spans the earliest start to the latest end of its nodes and FAILs when any
 *   node errored or any test failed (a warning does not fail it).
 * - Each model, seed and snapshot result is a child run (job named by its unique_id) whose output is the
 *   relation it builds, with `adapter_response.rows_affected` as row count, and whose inputs are the
 *   manifest's `depends_on` relations (through ephemeral models).
 * - Each test result is a quality check on the relation it tests; skipped tests are not checks.
 * - Each source freshness result is a freshness observation on the source's relation.
 * Every run is reported as a START at its start and its terminal state at its end.
 *
 * Throws InvalidDocumentError naming the JSON pointer of every wrong field; nothing is produced then.
 */

export interface DbtNormalizeOptions extends DbtNamingOptions {
  /** when the document was received: the time of last resort when the document carries none */
  receivedAt?: number;
}

const SOURCE = 'dbt';

export function normalizeDbtRunResults(body: unknown, options: DbtNormalizeOptions = {}): IngestEnvelope {
  const checks = new DocumentChecks();
  const artifacts = splitDbtBody(body, checks);
  checks.throwIfAny();

  const manifest = artifacts.manifest ? readDbtManifest(artifacts.manifest, checks) : undefined;
  const runResults = artifacts.runResults ? readDbtRunResults(artifacts.runResults, checks) : undefined;
  const freshness = artifacts.sources ? readDbtSourceFreshness(artifacts.sources, checks) : undefined;
  checks.throwIfAny();

  const eventKey = eventKeyOf(SOURCE, body);
  const naming = resolveDbtNaming(manifest, options, [
    ...(runResults?.results.map((r) => r.uniqueId) ?? []),
    ...(freshness?.results.map((r) => r.uniqueId) ?? []),
  ]);
  const resultsById = new Map((runResults?.results ?? []).map((r) => [r.uniqueId, r]));
  const datasetOf = datasetResolver(naming, manifest, resultsById);
  const fallbackTime = runResults?.generatedAt ?? freshness?.generatedAt ?? options.receivedAt ?? Date.now();

  const runs: RunObservation[] = [];
  const qualityChecks: QualityCheckObservation[] = [];
  const extraDatasets: DatasetObservation[] = [];
  if (runResults) {
    const invocation = normalizeInvocation(runResults, { naming, manifest, datasetOf, eventKey, fallbackTime });
    runs.push(...invocation.runs);
    qualityChecks.push(...invocation.qualityChecks);
    extraDatasets.push(...invocation.qualityChecks.map((c) => ({ ...c.dataset })));
  }
  const freshnessParts = freshness
    ? dbtFreshnessObservations(freshness, datasetOf, fallbackTime)
    : { freshness: [], datasets: [] };
  // manifest nodes are read lazily while mapping; a wrong field found there still rejects the document
  checks.throwIfAny();

  return {
    source: SOURCE,
    eventKey,
    eventType: runResults ? 'dbt run_results' : 'dbt sources',
    eventTime: fallbackTime,
    payload: body,
    runs,
    datasets: mergeDatasets([
      ...runs.filter((r) => r.eventType !== 'START').flatMap((r) => [...r.outputs, ...r.inputs]),
      ...extraDatasets,
      ...freshnessParts.datasets,
    ]),
    jobs: distinctJobs(runs),
    qualityChecks,
    freshness: freshnessParts.freshness,
  };
}

type DatasetOf = (uniqueId: string) => DatasetKey | undefined;

/**
 * The relation a node is, from the manifest when it has the node, else from the result's relation_name,
 * else from the unique_id alone. Ephemeral models and non-relation nodes are no dataset.
 */
function datasetResolver(naming: DbtNaming, manifest: DbtManifest | undefined, resultsById: Map<string, DbtResult>): DatasetOf {
  return (uniqueId) => {
    const node = manifest?.node(uniqueId);
    if (node) {
      if (node.materialized === 'ephemeral') return undefined;
      if (!isRelationResource(node.resourceType) && node.resourceType !== 'source') return undefined;
      return dbtRelationDataset(naming, { database: node.database, schema: node.schema, identifier: node.identifier });
    }
    const parsed = parseDbtUniqueId(uniqueId);
    if (!parsed || (!isRelationResource(parsed.resourceType) && parsed.resourceType !== 'source')) return undefined;
    const relationName = resultsById.get(uniqueId)?.relationName;
    if (relationName) return dbtDatasetFromRelationName(naming, relationName);
    const fallbackNamespace = `dbt://${naming.project ?? 'default'}`;
    if (parsed.resourceType === 'source') return { namespace: fallbackNamespace, name: `${parsed.sourceName}.${parsed.name}` };
    return { namespace: fallbackNamespace, name: parsed.name };
  };
}

interface InvocationContext {
  naming: DbtNaming;
  manifest?: DbtManifest;
  datasetOf: DatasetOf;
  eventKey: string;
  fallbackTime: number;
}

function normalizeInvocation(
  runResults: DbtRunResults,
  { naming, manifest, datasetOf, eventKey, fallbackTime }: InvocationContext,
): { runs: RunObservation[]; qualityChecks: QualityCheckObservation[] } {
  const invocationKey = runResults.invocationId ?? `document:${eventKey}`;
  const invocationRunId = deterministicUuid(SOURCE, 'invocation', invocationKey);
  const invocationJob = { namespace: naming.jobNamespace, name: naming.invocationJobName };
  const dbtVersion = runResults.dbtVersion ?? manifest?.dbtVersion;
  const producer = dbtVersion ? `dbt/${dbtVersion}` : 'dbt';
  const span = spanOf(runResults.results.map((r) => r.timing));
  const invocationEnd = span.completedAt ?? runResults.generatedAt ?? fallbackTime;
  const resourceTypeOf = (uniqueId: string): string | undefined =>
    manifest?.node(uniqueId)?.resourceType ?? parseDbtUniqueId(uniqueId)?.resourceType;

  const childRuns: RunObservation[] = [];
  const qualityChecks: QualityCheckObservation[] = [];
  const unresolvedTests: string[] = [];
  const knownNodes = new Map<string, string>();
  for (const result of runResults.results) {
    const type = resourceTypeOf(result.uniqueId);
    const name = manifest?.node(result.uniqueId)?.name ?? parseDbtUniqueId(result.uniqueId)?.name;
    if (type && isRelationResource(type) && name) knownNodes.set(name, result.uniqueId);
  }

  for (const result of runResults.results) {
    const type = resourceTypeOf(result.uniqueId);
    if (type && isRelationResource(type)) {
      childRuns.push(
        ...nodeRun(result, type, {
          runId: deterministicUuid(SOURCE, 'node', invocationKey, result.uniqueId),
          parent: { runId: invocationRunId, job: invocationJob },
          naming,
          manifest,
          datasetOf,
          producer,
          endFallback: invocationEnd,
        }),
      );
    } else if (type === 'test') {
      if (result.status === 'skipped') continue;
      const node = manifest?.node(result.uniqueId);
      const target = resolveDbtTestTarget(result.uniqueId, node, knownNodes, resourceTypeOf);
      const datasets = (target?.nodeIds ?? []).map(datasetOf).filter((d): d is DatasetKey => d !== undefined);
      if (!target || datasets.length === 0) {
        unresolvedTests.push(result.uniqueId);
        continue;
      }
      for (const dataset of datasets) {
        qualityChecks.push({
          dataset,
          runId: invocationRunId,
          check: target.check,
          ...(target.column ? { column: target.column } : {}),
          passed: result.status === 'pass',
          ...severityOf(result, node?.severity),
          ...(result.failures !== undefined ? { actual: String(result.failures) } : {}),
          expected: '0',
          ...(result.message ? { message: result.message } : {}),
          observedAt: result.timing.completedAt ?? invocationEnd,
        });
      }
    }
  }

  const failed = runResults.results.filter((r) => isFailingDbtStatus(r.status));
  const statusCounts: Record<string, number> = {};
  for (const result of runResults.results) statusCounts[result.status] = (statusCounts[result.status] ?? 0) + 1;
  const invocationRuns = runTransitions(
    {
      runId: invocationRunId,
      job: { ...invocationJob, type: 'dbt invocation' },
      producer,
      orchestrator: SOURCE,
      inputs: [],
      outputs: [],
      ...(failed.length > 0
        ? {
            errorMessage: `${failed.length} of ${runResults.results.length} dbt nodes failed: ${failed
              .map((r) => `${r.uniqueId} (${r.status})`)
              .join(', ')}`,
          }
        : {}),
      runFacets: {
        dbt_invocation: {
          invocation_id: runResults.invocationId ?? null,
          dbt_version: dbtVersion ?? null,
          dbt_schema_version: runResults.schemaVersion ?? null,
          command: runResults.command ?? null,
          invocation_command: runResults.invocationCommand ?? null,
          target: runResults.target ?? null,
          project: naming.project ?? null,
          adapter_type: naming.adapterType ?? null,
          elapsed_time: runResults.elapsedTime ?? null,
          status_counts: statusCounts,
          ...(unresolvedTests.length > 0 ? { unresolved_tests: unresolvedTests } : {}),
        },
      },
    },
    { startedAt: span.startedAt, endedAt: invocationEnd, state: failed.length > 0 ? 'FAIL' : 'COMPLETE' },
  );
  return { runs: [...invocationRuns, ...childRuns], qualityChecks };
}

interface NodeRunContext {
  runId: string;
  parent: RunObservation['parent'];
  naming: DbtNaming;
  manifest?: DbtManifest;
  datasetOf: DatasetOf;
  producer: string;
  endFallback: number;
}

function nodeRun(result: DbtResult, resourceType: string, ctx: NodeRunContext): RunObservation[] {
  const state = runStateOfDbtStatus(result.status);
  const node = ctx.manifest?.node(result.uniqueId);
  const output = ctx.datasetOf(result.uniqueId);
  const rowsAffected = result.adapterResponse.rows_affected;
  const rowCount = state === 'COMPLETE' && typeof rowsAffected === 'number' && rowsAffected >= 0 ? rowsAffected : undefined;
  const outputs: DatasetObservation[] = output
    ? [
        {
          ...output,
          ...(rowCount !== undefined ? { statistics: { rowCount } } : {}),
          ...(node?.description ? { description: node.description } : {}),
          ...(node?.columns ? { schema: node.columns } : {}),
        },
      ]
    : [];
  return runTransitions(
    {
      runId: ctx.runId,
      job: { namespace: ctx.naming.jobNamespace, name: result.uniqueId, type: resourceType },
      parent: ctx.parent,
      producer: ctx.producer,
      orchestrator: SOURCE,
      inputs: ctx.manifest && node ? inputsOf(node.dependsOn, ctx.manifest, ctx.datasetOf) : [],
      outputs,
      ...(state === 'FAIL' && result.message ? { errorMessage: result.message } : {}),
      runFacets: {
        dbt_node: {
          unique_id: result.uniqueId,
          resource_type: resourceType,
          status: result.status,
          execution_time: result.executionTime,
          thread_id: result.threadId ?? null,
          message: result.message ?? null,
          adapter_response: result.adapterResponse,
          timing: result.timing.phases.map((p) => ({
            name: p.name,
            started_at: p.startedAt ?? null,
            completed_at: p.completedAt ?? null,
          })),
        },
      },
    },
    {
      startedAt: result.timing.startedAt,
      endedAt: result.timing.completedAt ?? ctx.endFallback,
      state,
    },
  );
}

/** The relations a node reads: its `depends_on` models, seeds, snapshots and sources, seen through ephemeral models. */
function inputsOf(dependsOn: string[], manifest: DbtManifest, datasetOf: DatasetOf): DatasetObservation[] {
  const inputs = new Map<string, DatasetObservation>();
  const visited = new Set<string>();
  const visit = (ids: string[]): void => {
    for (const id of ids) {
      if (visited.has(id)) continue;
      visited.add(id);
      const dependency = manifest.node(id);
      if (dependency?.materialized === 'ephemeral') {
        visit(dependency.dependsOn);
        continue;
      }
      const dataset = datasetOf(id);
      if (dataset) inputs.set(nodeKey(dataset.namespace, dataset.name), { ...dataset });
    }
  };
  visit(dependsOn);
  return [...inputs.values()];
}

function severityOf(result: DbtResult, configured: string | undefined): { severity?: string } {
  switch (result.status) {
    case 'warn':
      return { severity: 'warn' };
    case 'pass':
      return configured ? { severity: configured } : {};
    default:
      return { severity: 'error' };
  }
}
