import { DocumentChecks, isJsonObject, JsonObject, pointer } from './documentChecks';
import { DbtArtifact } from './dbtArtifacts';
import { DBT_RESULT_STATUSES, DbtResultStatus } from './dbtStatus';
import { DbtTiming, readDbtTiming } from './dbtTiming';

/** One result of a run_results.json, checked. */
export interface DbtResult {
  /** JSON pointer of the result in the received body */
  path: string;
  uniqueId: string;
  status: DbtResultStatus;
  timing: DbtTiming;
  executionTime: number;
  threadId?: string;
  message?: string;
  failures?: number;
  adapterResponse: JsonObject;
  relationName?: string;
}

export interface DbtRunResults {
  dbtVersion?: string;
  generatedAt?: number;
  invocationId?: string;
  elapsedTime?: number;
  /** `args.which`: build, run, test, seed, snapshot, ... */
  command?: string;
  invocationCommand?: string;
  target?: string;
  schemaVersion?: number;
  results: DbtResult[];
}

/** Reads and checks a run_results.json (schema v5 or v6), naming the path of every wrong field. */
export function readDbtRunResults(artifact: DbtArtifact, checks: DocumentChecks): DbtRunResults {
  const { document, path } = artifact;
  const metadata = isJsonObject(document.metadata) ? document.metadata : {};
  const opt = { optional: true, nullable: true } as const;
  const dbtVersion = checks.string(metadata.dbt_version, pointer(path, 'metadata', 'dbt_version'), opt);
  const generatedAt = checks.timestamp(metadata.generated_at, pointer(path, 'metadata', 'generated_at'), opt);
  const invocationId = checks.string(metadata.invocation_id, pointer(path, 'metadata', 'invocation_id'), { ...opt, nonEmpty: true });
  const elapsedTime = checks.number(document.elapsed_time, pointer(path, 'elapsed_time'), { min: 0 });
  const args = checks.object(document.args, pointer(path, 'args'), opt) ?? {};
  const command = typeof args.which === 'string' ? args.which : undefined;
  const invocationCommand = typeof args.invocation_command === 'string' ? args.invocation_command : undefined;
  const target = typeof args.target === 'string' ? args.target : undefined;

  const results: DbtResult[] = [];
  const seen = new Map<string, string>();
  const list = checks.array(document.results, pointer(path, 'results')) ?? [];
  list.forEach((item, index) => {
    const itemPath = pointer(path, 'results', index);
    const result = checks.object(item, itemPath);
    if (!result) return;
    const uniqueId = checks.string(result.unique_id, pointer(itemPath, 'unique_id'), { nonEmpty: true });
    const status = checks.oneOf(result.status, pointer(itemPath, 'status'), DBT_RESULT_STATUSES);
    const timing = readDbtTiming(result.timing, pointer(itemPath, 'timing'), checks);
    const executionTime = checks.number(result.execution_time, pointer(itemPath, 'execution_time'), { min: 0 });
    const threadId = checks.string(result.thread_id, pointer(itemPath, 'thread_id'), opt);
    const message = checks.string(result.message, pointer(itemPath, 'message'), opt);
    const failures = checks.number(result.failures, pointer(itemPath, 'failures'), { ...opt, integer: true, min: 0 });
    const adapterResponse = checks.object(result.adapter_response, pointer(itemPath, 'adapter_response'), opt) ?? {};
    if (adapterResponse.rows_affected !== undefined && adapterResponse.rows_affected !== null) {
      checks.number(adapterResponse.rows_affected, pointer(itemPath, 'adapter_response', 'rows_affected'), { integer: true });
    }
    const relationName = checks.string(result.relation_name, pointer(itemPath, 'relation_name'), opt);
    if (uniqueId !== undefined) {
      const earlier = seen.get(uniqueId);
      if (earlier !== undefined) {
        checks.add(pointer(itemPath, 'unique_id'), `repeats ${JSON.stringify(uniqueId)}, already the unique_id of ${earlier}`);
        return;
      }
      seen.set(uniqueId, itemPath);
    }
    if (uniqueId === undefined || status === undefined || executionTime === undefined) return;
    results.push({
      path: itemPath,
      uniqueId,
      status,
      timing,
      executionTime,
      threadId,
      message: message || undefined,
      failures,
      adapterResponse,
      relationName: relationName || undefined,
    });
  });

  return {
    dbtVersion,
    generatedAt,
    invocationId,
    elapsedTime,
    command,
    invocationCommand,
    target,
    schemaVersion: artifact.schemaVersion,
    results,
  };
}
