import { DocumentChecks, pointer } from '../dbt/documentChecks';

/**
 * The load packages of a dlt LoadInfo (`load_packages[]` of `load_info.asdict()`, or of a trace's load step):
 * each package's load id and state, and its jobs: one file per table, in `completed_jobs` when loaded or
 * `failed_jobs` (with `failed_message`) when the destination refused it.
 */

export interface DltJob {
  /** new_jobs, started_jobs, completed_jobs, failed_jobs */
  state: string;
  tableName?: string;
  jobId?: string;
  failedMessage?: string;
}

export interface DltLoadPackage {
  loadId: string;
  /** new, extracted, normalized, loaded, aborted */
  state: string;
  completedAt?: number;
  jobs: DltJob[];
}

/** `customers.4a9b2c7d1e.0.insert_values` → `customers` (dlt's job file name: table.file_id.retry_count.format). */
export function tableOfJobFile(filePath: string): string | undefined {
  const name = filePath.split(/[\\/]/).pop() ?? '';
  const parts = name.split('.');
  return parts.length === 4 && parts[0] ? parts[0] : undefined;
}

export function readDltLoadPackages(value: unknown, path: string, checks: DocumentChecks): DltLoadPackage[] {
  const packages: DltLoadPackage[] = [];
  const opt = { optional: true, nullable: true } as const;
  (checks.array(value, path) ?? []).forEach((item, index) => {
    const packagePath = pointer(path, index);
    const pkg = checks.object(item, packagePath);
    if (!pkg) return;
    const loadId = checks.string(pkg.load_id, pointer(packagePath, 'load_id'), { nonEmpty: true });
    const state = checks.string(pkg.state, pointer(packagePath, 'state'), { nonEmpty: true });
    const completedAt = checks.timestamp(pkg.completed_at, pointer(packagePath, 'completed_at'), opt);
    const jobs: DltJob[] = [];
    (checks.array(pkg.jobs, pointer(packagePath, 'jobs'), { optional: true }) ?? []).forEach((jobItem, jobIndex) => {
      const jobPath = pointer(packagePath, 'jobs', jobIndex);
      const job = checks.object(jobItem, jobPath);
      if (!job) return;
      const jobState = checks.string(job.state, pointer(jobPath, 'state'), { nonEmpty: true });
      const filePath = checks.string(job.file_path, pointer(jobPath, 'file_path'), opt);
      const tableName = checks.string(job.table_name, pointer(jobPath, 'table_name'), { ...opt, nonEmpty: true });
      const jobId = checks.string(job.job_id, pointer(jobPath, 'job_id'), opt);
      const failedMessage = checks.string(job.failed_message, pointer(jobPath, 'failed_message'), opt);
      if (jobState === undefined) return;
      jobs.push({
        state: jobState,
        tableName: tableName ?? (filePath ? tableOfJobFile(filePath) : undefined) ?? jobId?.split('.')[0],
        ...(jobId ? { jobId } : {}),
        ...(failedMessage ? { failedMessage } : {}),
      });
    });
    if (loadId === undefined || state === undefined) return;
    packages.push({ loadId, state, ...(completedAt !== undefined ? { completedAt } : {}), jobs });
  });
  return packages;
}

export interface DltFailedJob extends DltJob {
  loadId: string;
}

export const failedJobsOf = (packages: DltLoadPackage[]): DltFailedJob[] =>
  packages.flatMap((p) => p.jobs.filter((j) => j.state === 'failed_jobs').map((j) => ({ ...j, loadId: p.loadId })));

/** The packages that did not end loaded, and why that is a failure. */
export const unloadedPackagesOf = (packages: DltLoadPackage[]): DltLoadPackage[] => packages.filter((p) => p.state !== 'loaded');

/** Each failed job as one line, the way dlt prints them: `[job_id]: failed_message`. */
export function failureLines(packages: DltLoadPackage[]): string[] {
  return [
    ...failedJobsOf(packages).map(
      (job) => `load package ${job.loadId}: job ${job.jobId ?? job.tableName ?? '?'} failed: ${job.failedMessage?.trim() ?? '(no message)'}`,
    ),
    ...unloadedPackagesOf(packages).map((p) => `load package ${p.loadId} is ${p.state}, not loaded`),
  ];
}
