import type { FrameFieldConfig } from '../../../contract/frames';
import { datasetNodeId } from '../../../contract/nodeIds';
import { all, datasetFilterOf, equals, qualityChecksMatching } from '../filters';
import { booleanField, stringField, tableFrame, timeField } from '../frameBuilders';
import type { QueryHandler } from '../queryContext';
import { limitOf, optionalBoolean, optionalString } from '../targetFields';

export const qualityLimits = { defaultLimit: 1000, maxLimit: 20_000 };

const passedFieldConfig: FrameFieldConfig = {
  displayName: 'Passed',
  mappings: [
    {
      type: 'value',
      options: {
        true: { color: 'green', index: 0, text: 'passed' },
        false: { color: 'red', index: 1, text: 'failed' },
      },
    },
  ],
  custom: { cellOptions: { type: 'color-text' } },
};

/**
 * Quality check results over time: every result observed in the range, newest first, with the
 * dataset, check, column, outcome, severity, actual and expected values and message.
 * Filters: namespace, dataset (name or node id), check (exact name), failedOnly.
 */
export const qualityQuery: QueryHandler<'quality'> = async (target, context) => {
  const namespace = optionalString(target, 'namespace');
  const dataset = datasetFilterOf(optionalString(target, 'dataset'));
  const check = optionalString(target, 'check');
  const failedOnly = optionalBoolean(target, 'failedOnly') ?? false;
  const limit = limitOf(target, qualityLimits);

  const rows = await context.db
    .selectFrom('quality_checks')
    .select([
      'id',
      'observed_at',
      'dataset_namespace',
      'dataset_name',
      'check_name',
      'column_name',
      'passed',
      'severity',
      'actual',
      'expected',
      'message',
      'run_id',
    ])
    .where(
      all([
        ...qualityChecksMatching({ namespace, dataset, check }, context),
        failedOnly ? equals('quality_checks.passed', 0) : undefined,
      ]),
    )
    .orderBy('observed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();

  const truncated = rows.length > limit;
  const shown = truncated ? rows.slice(0, limit) : rows;
  const pick = <T>(f: (row: (typeof shown)[number]) => T): T[] => shown.map(f);
  return [
    tableFrame(
      [
        timeField('time', pick((r) => Number(r.observed_at)), { displayName: 'Time' }),
        stringField('dataset_id', pick((r) => datasetNodeId(r.dataset_namespace, r.dataset_name)), { displayName: 'Dataset id' }),
        stringField('dataset', pick((r) => r.dataset_name), { displayName: 'Dataset' }),
        stringField('namespace', pick((r) => r.dataset_namespace), { displayName: 'Namespace' }),
        stringField('check', pick((r) => r.check_name), { displayName: 'Check' }),
        stringField('column', pick((r) => r.column_name), { displayName: 'Column' }),
        booleanField('passed', pick((r) => Number(r.passed) === 1), passedFieldConfig),
        stringField('severity', pick((r) => r.severity), { displayName: 'Severity' }),
        stringField('actual', pick((r) => r.actual), { displayName: 'Actual' }),
        stringField('expected', pick((r) => r.expected), { displayName: 'Expected' }),
        stringField('message', pick((r) => r.message), { displayName: 'Message' }),
        stringField('run_id', pick((r) => r.run_id), { displayName: 'Run' }),
      ],
      {
        name: 'quality',
        meta: truncated
          ? { notices: [{ severity: 'warning', text: `Showing the newest ${limit} results; narrow the range or filters, or raise the limit (at most ${qualityLimits.maxLimit}).` }] }
          : undefined,
      },
    ),
  ];
};
