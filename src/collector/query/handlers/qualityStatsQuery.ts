import { datasetNodeId } from '../../../contract/nodeIds';
import { all, bucketOf, datasetFilterOf, qualityChecksMatching } from '../filters';
import { field, numberField, timeField, visualisedFrame } from '../frameBuilders';
import type { QueryHandler } from '../queryContext';
import { limitOf, optionalChoice, optionalString } from '../targetFields';

/** `limit` counts series here: one per dataset (and check). */
export const qualityStatsLimits = { defaultLimit: 200, maxLimit: 5_000 };
const groupings = ['check', 'dataset'] as const;

interface Series {
  namespace: string;
  dataset: string;
  check: string | null;
  times: number[];
  passed: number[];
  total: number[];
  /** over the whole range, to put the worst series first */
  overallPassed: number;
  overallTotal: number;
}

/**
 * Pass rate of quality checks per interval, as time series: one frame per dataset and check
 * (or per dataset with groupBy "dataset"), each a time field and a `pass_rate` field (0..1)
 * labelled with namespace, dataset (and check), plus the number of results in each bucket
 * (`results`, hidden from the graph, shown in tooltips). Buckets without results are left out.
 * The worst series (lowest pass rate over the range) come first; `limit` caps the series.
 */
export const qualityStatsQuery: QueryHandler<'qualityStats'> = async (target, context) => {
  const namespace = optionalString(target, 'namespace');
  const dataset = datasetFilterOf(optionalString(target, 'dataset'));
  const check = optionalString(target, 'check');
  const groupBy = optionalChoice(target, 'groupBy', groupings, 'check');
  const limit = limitOf(target, qualityStatsLimits);
  const bucket = bucketOf('quality_checks.observed_at', context.intervalMs);

  const rows = await context.db
    .selectFrom('quality_checks')
    .select((eb) => [
      bucket.as('bucket'),
      'dataset_namespace',
      'dataset_name',
      eb.fn.sum<number | string>('passed').as('passed'),
      eb.fn.countAll<number | string>().as('total'),
    ])
    .where(
      all([
        ...qualityChecksMatching({ namespace, dataset, check }, context),
      ]),
    )
    .groupBy([bucket, 'dataset_namespace', 'dataset_name'])
    .$if(groupBy === 'check', (qb) => qb.select('check_name').groupBy('check_name'))
    .orderBy('bucket')
    .execute();

  const series = new Map<string, Series>();
  for (const row of rows) {
    const checkName = groupBy === 'check' ? (row.check_name ?? '') : null;
    const key = `${row.dataset_namespace}\u0000${row.dataset_name}\u0000${checkName ?? ''}`;
    let entry = series.get(key);
    if (!entry) {
      entry = { namespace: row.dataset_namespace, dataset: row.dataset_name, check: checkName, times: [], passed: [], total: [], overallPassed: 0, overallTotal: 0 };
      series.set(key, entry);
    }
    const passed = Number(row.passed);
    const total = Number(row.total);
    entry.times.push(Number(row.bucket));
    entry.passed.push(passed);
    entry.total.push(total);
    entry.overallPassed += passed;
    entry.overallTotal += total;
  }
  const ordered = [...series.values()].sort(
    (a, b) =>
      a.overallPassed / a.overallTotal - b.overallPassed / b.overallTotal ||
      a.namespace.localeCompare(b.namespace) ||
      a.dataset.localeCompare(b.dataset) ||
      (a.check ?? '').localeCompare(b.check ?? ''),
  );
  const shown = ordered.slice(0, limit);
  const meta = {
    type: 'timeseries-multi',
    custom: { intervalMs: context.intervalMs, groupBy, series: ordered.length },
    ...(ordered.length > limit
      ? { notices: [{ severity: 'warning' as const, text: `Showing the ${limit} worst of ${ordered.length} series; narrow the filters or raise the limit (at most ${qualityStatsLimits.maxLimit}).` }] }
      : {}),
  };
  if (shown.length === 0) {
    return [
      visualisedFrame('graph', {
        name: 'quality pass rate',
        meta,
        fields: [timeField('time', []), numberField('pass_rate', [], { displayName: 'Pass rate', unit: 'percentunit', min: 0, max: 1 })],
      }),
    ];
  }
  return shown.map((s, index) => {
    const labels: Record<string, string> = { namespace: s.namespace, dataset: s.dataset, ...(s.check !== null ? { check: s.check } : {}) };
    const title = s.check !== null ? `${s.dataset} ${s.check}` : s.dataset;
    return visualisedFrame('graph', {
      name: title,
      // Only the first frame carries notices, so Grafana shows them once.
      meta: index === 0 ? meta : { type: meta.type, custom: meta.custom },
      fields: [
        timeField('time', s.times),
        field(
          'pass_rate',
          'number',
          s.times.map((_, i) => s.passed[i] / s.total[i]),
          { displayNameFromDS: title, unit: 'percentunit', min: 0, max: 1, custom: { datasetId: datasetNodeId(s.namespace, s.dataset) } },
          labels,
        ),
        field('results', 'number', s.total, { displayName: 'Results', custom: { hideFrom: { viz: true, legend: true, tooltip: false } } }, labels),
      ],
    });
  });
};
