import { type Kysely, sql } from 'kysely';
import { type DatasetFreshness, loadDatasetFreshness } from '../sla/datasetFreshness';
import { summarizeLatestChecks } from '../sla/qualitySummary';
import { ResolvedSlaMemo } from '../sla/resolvedSlaMemo';
import { currentJobRows, currentQualityLatestRows } from '../store/currentNodeRows';
import { latestDueTime } from '../sla/expectedSchedule';
import type { EffectiveSla, SlaResolver } from '../sla/slaResolver';
import { volumeAnomaly, volumeHistoryRuns, type VolumeVerdict } from '../sla/volumeAnomaly';
import { nodeKey } from '../model/nodeKey';
import { recentRowCounts } from '../sla/volumeHistory';
import type { PaneSchema } from '../store/schema';
import { currentEdgeIndex, edgeRowsOf } from '../query/lineage/edgeCache';
import type { LineageEdgeRow } from '../query/lineage/lineageGraph';

/**
 * What /metrics says about datasets and jobs, read from the database in a handful of bulk
 * queries. Built at scrape time and cached briefly (see collectorMetrics.ts).
 */
export interface PipelineSnapshot {
  takenAt: number;
  datasets: DatasetSnapshot[];
  jobs: JobSnapshot[];
  /** how long each bulk query took, seconds */
  queryDurations: Record<string, number>;
}

export interface DatasetSnapshot extends DatasetFreshness {
  quality?: { passed: number; total: number };
  volume?: VolumeVerdict & { rows: number };
  /** distinct datasets transitively downstream through lineage (dataset → reading job → written dataset …) */
  downstreamDatasets: number;
}

export interface JobSnapshot {
  namespace: string;
  name: string;
  sla: EffectiveSla;
  latestRunState: string | null;
  latestRunTime: number | null;
  lastSuccessAt: number | null;
  /** runs that started in the window, by state */
  runsByState: Map<string, number>;
  /** finished COMPLETE runs in the window: cumulative counts per bucket (seconds), sum and count */
  durations?: { buckets: number[]; sum: number; count: number };
  /** only for jobs with an expected schedule */
  missedRun?: boolean;
  /** distinct datasets the job writes plus everything downstream of them */
  downstreamDatasets: number;
  /** latest run state FAIL only: the first line of that run's error message, at most 200 characters */
  lastError?: string;
}

/** Window for per-job run counts and the duration histogram. */
export const runWindowMs = 24 * 3_600_000;
/** Upper bounds (seconds) of the run duration histogram's buckets; +Inf is added. */
export const durationBucketsSeconds = [10, 30, 60, 300, 600, 1800, 3600, 7200, 21_600, 86_400];
/** Downstream counts follow lineage at most this many dataset → job → dataset hops. */
export const downstreamMaxDepth = 50;
/** Longest error text exported as a label. */
export const errorLabelMaxLength = 200;

/** The first line of an error message, trimmed and cut to `errorLabelMaxLength` characters. */
export function errorLabel(message: string | null): string {
  const firstLine = (message ?? '').split(/\r?\n/, 1)[0].trim();
  return Array.from(firstLine).slice(0, errorLabelMaxLength).join('');
}

/**
 * Downstream impact from every lineage edge at once: for each dataset, the distinct datasets
 * reachable through jobs that read it and the datasets those jobs write, and so on, up to
 * `maxDepth` hops (a breadth-first search per dataset; cycles end because each dataset is visited
 * once, and a dataset never counts itself). For each job, the datasets it writes plus theirs.
 */
export function downstreamCounts(
  edges: readonly LineageEdgeRow[],
  maxDepth = downstreamMaxDepth,
): { datasets: Map<string, number>; jobs: Map<string, number> } {
  const readers = new Map<string, Set<string>>();
  const outputs = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(value);
  };
  for (const edge of edges) {
    const dataset = nodeKey(edge.dataset_namespace, edge.dataset_name);
    const job = nodeKey(edge.job_namespace, edge.job_name);
    add(edge.direction === 'input' ? readers : outputs, edge.direction === 'input' ? dataset : job, edge.direction === 'input' ? job : dataset);
  }
  // The datasets one hop downstream of each dataset, computed once.
  const next = new Map<string, Set<string>>();
  for (const [dataset, jobs] of readers) {
    const written = new Set<string>();
    for (const job of jobs) for (const out of outputs.get(job) ?? []) if (out !== dataset) written.add(out);
    if (written.size > 0) next.set(dataset, written);
  }
  const reach = (starts: Iterable<string>, exclude?: string): number => {
    const seen = new Set<string>(starts);
    if (exclude !== undefined) seen.delete(exclude);
    let frontier = [...seen];
    for (let depth = 1; depth < maxDepth && frontier.length > 0; depth++) {
      const following: string[] = [];
      for (const dataset of frontier) {
        for (const out of next.get(dataset) ?? []) {
          if (out === exclude || seen.has(out)) continue;
          seen.add(out);
          following.push(out);
        }
      }
      frontier = following;
    }
    return seen.size;
  };
  const datasets = new Map<string, number>();
  for (const [dataset, first] of next) datasets.set(dataset, reach(first, dataset));
  const jobs = new Map<string, number>();
  for (const [job, written] of outputs) jobs.set(job, reach(written));
  return { datasets, jobs };
}

/** Volume verdicts only change when a dataset is written again: remembered between scrapes. */
export class VolumeVerdictCache {
  private readonly verdicts = new Map<string, { writtenAt: number; verdict: (VolumeVerdict & { rows: number }) | null }>();

  /**
   * Judges the datasets written since their last verdict, newest writes first and at most
   * `budget` per call: a first scrape over many datasets stays bounded, later ones catch up.
   */
  async refresh(
    db: Kysely<PaneSchema>,
    datasets: ReadonlyArray<{ namespace: string; name: string; lastWrittenAt: number | null }>,
    budget = 2000,
  ): Promise<void> {
    const live = new Set(datasets.map((d) => nodeKey(d.namespace, d.name)));
    for (const key of this.verdicts.keys()) if (!live.has(key)) this.verdicts.delete(key);
    const stale = datasets
      .filter((d) => d.lastWrittenAt !== null && this.verdicts.get(nodeKey(d.namespace, d.name))?.writtenAt !== d.lastWrittenAt)
      .sort((a, b) => (b.lastWrittenAt as number) - (a.lastWrittenAt as number))
      .slice(0, budget);
    if (stale.length === 0) return;
    const recent = await recentRowCounts(db, stale, volumeHistoryRuns + 1);
    for (const dataset of stale) {
      const key = nodeKey(dataset.namespace, dataset.name);
      const points = recent.get(key) ?? [];
      const verdict =
        points.length === 0
          ? null
          : { ...volumeAnomaly(points[0].rows, points.slice(1).map((p) => p.rows)), rows: points[0].rows };
      this.verdicts.set(key, { writtenAt: dataset.lastWrittenAt as number, verdict });
    }
  }

  get(namespace: string, name: string): (VolumeVerdict & { rows: number }) | undefined {
    return this.verdicts.get(nodeKey(namespace, name))?.verdict ?? undefined;
  }
}

const timed = async <T>(durations: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> => {
  const start = process.hrtime.bigint();
  try {
    return await work();
  } finally {
    durations[name] = Number(process.hrtime.bigint() - start) / 1e9;
  }
};

export async function takePipelineSnapshot(
  db: Kysely<PaneSchema>,
  slas: SlaResolver,
  now: number,
  volumeCache: VolumeVerdictCache,
): Promise<PipelineSnapshot> {
  const queryDurations: Record<string, number> = {};
  const windowStart = now - runWindowMs;

  const [datasets, quality, jobs, runCounts, durations, lineage, lastErrors] = await Promise.all([
    timed(queryDurations, 'datasets', () => loadDatasetFreshness(db, slas, now)),
    // the process copies lineage health reads too (store/currentNodeRows.ts)
    timed(queryDurations, 'quality', () => currentQualityLatestRows(db)),
    timed(queryDurations, 'jobs', () => currentJobRows(db)),
    timed(queryDurations, 'run_counts', () =>
      db
        .selectFrom('runs')
        .select(['job_namespace', 'job_name', 'state', (eb) => eb.fn.countAll<number | string>().as('runs')])
        .where('first_event_time', '>=', windowStart)
        .groupBy(['job_namespace', 'job_name', 'state'])
        .execute(),
    ),
    timed(queryDurations, 'run_durations', () => {
      const bucketSums = durationBucketsSeconds.map(
        (le, i) => sql`SUM(CASE WHEN ended_at - started_at <= ${sql.lit(le * 1000)} THEN 1 ELSE 0 END) AS ${sql.ref(`b${i}`)}`,
      );
      return sql<Record<string, number | string> & { job_namespace: string; job_name: string }>`
        SELECT job_namespace, job_name, ${sql.join(bucketSums)},
          SUM(ended_at - started_at) AS total_ms, COUNT(*) AS runs
        FROM runs
        WHERE first_event_time >= ${windowStart} AND state = 'COMPLETE'
          AND started_at IS NOT NULL AND ended_at IS NOT NULL AND ended_at >= started_at
        GROUP BY job_namespace, job_name`.execute(db);
    }),
    timed(queryDurations, 'lineage', () =>
      // the in-memory copy lineage queries keep (one count to check it), not a read of every edge
      currentEdgeIndex(db, false).then(edgeRowsOf),
    ),
    timed(queryDurations, 'last_errors', () =>
      db
        .selectFrom('jobs')
        .innerJoin('runs', 'runs.run_id', 'jobs.latest_run_id')
        .select(['jobs.namespace', 'jobs.name', 'runs.error_message'])
        .where('jobs.latest_run_state', '=', 'FAIL')
        .execute(),
    ),
  ]);
  const downstream = downstreamCounts(lineage);
  const errorByJob = new Map(lastErrors.map((r) => [nodeKey(r.namespace, r.name), errorLabel(r.error_message)]));
  await timed(queryDurations, 'volume', () => volumeCache.refresh(db, datasets));

  const qualityByDataset = summarizeLatestChecks(quality.rows, now);
  const datasetSnapshots: DatasetSnapshot[] = datasets.map((dataset) => {
    const summary = qualityByDataset.get(dataset.namespace, dataset.name);
    const q = summary && { passed: summary.passed, total: summary.total };
    const volume = volumeCache.get(dataset.namespace, dataset.name);
    const downstreamDatasets = downstream.datasets.get(nodeKey(dataset.namespace, dataset.name)) ?? 0;
    return { ...dataset, ...(q ? { quality: q } : {}), ...(volume ? { volume } : {}), downstreamDatasets };
  });

  const countsByJob = new Map<string, Map<string, number>>();
  for (const row of runCounts) {
    const key = nodeKey(row.job_namespace, row.job_name);
    let states = countsByJob.get(key);
    if (!states) countsByJob.set(key, (states = new Map()));
    states.set(row.state, Number(row.runs));
  }
  const durationsByJob = new Map<string, JobSnapshot['durations']>();
  for (const row of durations.rows) {
    durationsByJob.set(nodeKey(row.job_namespace, row.job_name), {
      buckets: durationBucketsSeconds.map((_, i) => Number(row[`b${i}`] ?? 0)),
      sum: Number(row.total_ms) / 1000,
      count: Number(row.runs),
    });
  }

  const resolvedSlas = ResolvedSlaMemo.of(slas);
  const jobSnapshots: JobSnapshot[] = jobs.rows.map((job) => {
    const { sla } = resolvedSlas.job(job.namespace, job.name, job);
    const key = nodeKey(job.namespace, job.name);
    const latestRunTime = job.latestRunTime;
    const snapshot: JobSnapshot = {
      namespace: job.namespace,
      name: job.name,
      sla,
      latestRunState: job.latestRunState,
      latestRunTime,
      lastSuccessAt: job.lastSuccessAt,
      runsByState: countsByJob.get(key) ?? new Map(),
      downstreamDatasets: downstream.jobs.get(key) ?? 0,
    };
    if (job.latestRunState === 'FAIL') snapshot.lastError = errorByJob.get(key) ?? '';
    const jobDurations = durationsByJob.get(key);
    if (jobDurations) snapshot.durations = jobDurations;
    if (sla.schedule) {
      const due = latestDueTime(sla.schedule, sla.schedule.graceSeconds, now);
      // Missed: a scheduled time's grace passed and nothing of the job was seen since that time.
      snapshot.missedRun = due !== undefined && job.createdAt <= due && (latestRunTime ?? 0) < due;
    }
    return snapshot;
  });

  return { takenAt: now, datasets: datasetSnapshots, jobs: jobSnapshots, queryDurations };
}
