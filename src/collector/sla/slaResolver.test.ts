import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSlaConfig, parseSlaConfig } from './slaConfig';
import { createSlaResolver, noSlas } from './slaResolver';

const example = createSlaResolver(loadSlaConfig(path.resolve(__dirname, '../../../examples/slas.yaml')));
const warehouse = 'snowflake://acme.eu-west-1';

describe('createSlaResolver over the example config', () => {
  it('falls back to defaults for a dataset no rule covers', () => {
    const sla = example.forDataset({ namespace: 's3://lake', name: 'raw/events' });
    expect(sla).toMatchObject({
      warnAfterSeconds: 26 * 3600,
      criticalAfterSeconds: 2 * 86_400,
      minQualityPassRatio: 0.95,
      owners: ['data-platform@acme.example'],
      team: 'data-platform',
      severity: 'warning',
      matchedRules: [],
    });
    expect(sla.origins).toEqual({
      freshness: 'slas.yaml:7 (defaults)',
      minQualityPassRatio: 'slas.yaml:7 (defaults)',
      owners: 'slas.yaml:7 (defaults)',
      team: 'slas.yaml:7 (defaults)',
      severity: 'slas.yaml:7 (defaults)',
    });
    expect(sla.sources).toEqual(['slas.yaml:7 (defaults)']);
  });

  it('lets the last matching rule win, setting by setting', () => {
    const sla = example.forDataset({ namespace: warehouse, name: 'analytics.marts.finance_revenue' });
    expect(sla.matchedRules).toEqual(['slas.yaml:20 (datasets[0])', 'slas.yaml:28 (datasets[1])']);
    // freshness from the finance rule: a schedule replaces the analytics rule's ages entirely
    expect(sla.warnAfterSeconds).toBeUndefined();
    expect(sla.criticalAfterSeconds).toBeUndefined();
    expect(sla.expectedSchedule).toBe('0 6 * * *');
    expect(sla.schedule).toEqual({ cron: '0 6 * * *', timezone: 'Europe/Berlin', graceSeconds: 7200, warnGraceSeconds: 3600 });
    expect(sla.team).toBe('analytics');
    expect(sla.severity).toBe('critical');
    expect(sla.minQualityPassRatio).toBe(1);
    expect(sla.origins).toMatchObject({
      freshness: 'slas.yaml:28 (datasets[1])',
      expectedSchedule: 'slas.yaml:28 (datasets[1])',
      team: 'slas.yaml:20 (datasets[0])',
      severity: 'slas.yaml:28 (datasets[1])',
    });
  });

  it('matches globs on namespace and name, and exact names exactly', () => {
    expect(example.forDataset({ namespace: warehouse, name: 'analytics.staging.orders' }).criticalAfterSeconds).toBe(12 * 3600);
    expect(example.forDataset({ namespace: 'snowflake://other', name: 'analytics.staging.orders' }).criticalAfterSeconds).toBe(2 * 86_400);
    expect(example.forDataset({ namespace: 'postgres://orders-db:5432', name: 'public.orders' }).criticalAfterSeconds).toBe(3 * 3600);
    expect(example.forDataset({ namespace: 'postgres://orders-db:5432', name: 'public.orders_archive' }).criticalAfterSeconds).toBe(2 * 86_400);
  });

  it('puts config owners first, then facet owners; defaults only when nobody is named', () => {
    const orders = { namespace: 'postgres://orders-db:5432', name: 'public.orders' };
    const sla = example.forDataset(orders, { owners: ['team:payments', 'orders-team@acme.example'] });
    expect(sla.owners).toEqual(['orders-team@acme.example', 'team:payments']);
    expect(sla.origins?.owners).toBe('slas.yaml:41 (datasets[2]) + OpenLineage ownership facet');
    const lake = example.forDataset({ namespace: 's3://lake', name: 'raw/events' }, { owners: ['user:jane'] });
    expect(lake.owners).toEqual(['user:jane']);
    expect(lake.origins?.owners).toBe('OpenLineage ownership facet');
  });

  it('applies tag rules and takes team/severity tags when config sets none', () => {
    const gold = example.forDataset({ namespace: 's3://lake', name: 'curated/customers' }, { tags: [{ key: 'tier', value: 'gold' }] });
    expect(gold.severity).toBe('critical');
    expect(gold.origins?.severity).toBe('slas.yaml:50 (datasets[3])');
    const silver = example.forDataset({ namespace: 's3://lake', name: 'curated/customers' }, { tags: [{ key: 'tier', value: 'silver' }] });
    expect(silver.severity).toBe('warning');

    const bare = createSlaResolver(parseSlaConfig('defaults:\n  team: platform\n'));
    const tagged = bare.forDataset({ namespace: 'n', name: 'd' }, { tags: [{ key: 'team', value: 'growth' }, { key: 'severity', value: 'Error' }] });
    expect(tagged.team).toBe('growth');
    expect(tagged.severity).toBe('error');
    expect(tagged.origins).toMatchObject({ team: 'OpenLineage tags facet (team)', severity: 'OpenLineage tags facet (severity)' });
    const badTag = bare.forDataset({ namespace: 'n', name: 'd' }, { tags: [{ key: 'severity', value: 'apocalyptic' }] });
    expect(badTag.severity).toBe('warning');
    expect(badTag.origins?.severity).toBe('built-in default');
  });

  it('uses dbt source freshness criteria over defaults but under rules', () => {
    const criteria = { warnAfterSeconds: 3600, criticalAfterSeconds: 7200 };
    const source = example.forDataset({ namespace: 'postgres://raw', name: 'stripe.charges' }, { freshnessCriteria: criteria });
    expect(source).toMatchObject(criteria);
    expect(source.origins?.freshness).toBe('dbt source freshness criteria');
    const covered = example.forDataset({ namespace: warehouse, name: 'analytics.raw.charges' }, { freshnessCriteria: criteria });
    expect(covered.criticalAfterSeconds).toBe(12 * 3600);
  });

  it('resolves jobs by namespace and name globs', () => {
    const job = example.forJob({ namespace: 'airflow-prod', name: 'orders_daily.load_orders' }, { owners: ['user:ops'] });
    expect(job).toMatchObject({
      owners: ['orders-team@acme.example', 'user:ops'],
      team: 'orders',
      severity: 'error',
      expectedSchedule: '0 5 * * *',
      schedule: { cron: '0 5 * * *', timezone: 'UTC', graceSeconds: 5400 },
    });
    const other = example.forJob({ namespace: 'airflow-dev', name: 'orders_daily.load_orders' });
    expect(other).toMatchObject({ owners: ['data-platform@acme.example'], team: 'data-platform', severity: 'warning' });
    expect(other.schedule).toBeUndefined();
  });

  it('is pure: the same question gets the same answer', () => {
    const key = { namespace: warehouse, name: 'analytics.marts.finance_costs' };
    expect(example.forDataset(key, { owners: ['a'] })).toEqual(example.forDataset(key, { owners: ['a'] }));
    expect(example.forDataset(key).owners).toEqual(['finance-data@acme.example']);
  });
});

describe('noSlas', () => {
  it('has no thresholds and takes owners from facets', () => {
    const sla = noSlas.forDataset({ namespace: 'n', name: 'd' }, { owners: ['user:a'] });
    expect(sla).toMatchObject({ owners: ['user:a'], severity: 'warning' });
    expect(sla.warnAfterSeconds).toBeUndefined();
    expect(sla.criticalAfterSeconds).toBeUndefined();
    expect(noSlas.forJob({ namespace: 'n', name: 'j' }).owners).toEqual([]);
  });
});
