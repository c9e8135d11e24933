import { describe, expect, it } from 'vitest';
import { DocumentChecks } from '../dbt/documentChecks';
import { readDltRowCounts } from './dltRowCounts';

describe('readDltRowCounts', () => {
  it('sums table_metrics over load packages', () => {
    const checks = new DocumentChecks();
    const counts = readDltRowCounts(
      {
        table_metrics: [
          { table_name: 'orders', items_count: 99, load_id: '1', file_size: 10 },
          { table_name: 'orders', items_count: 1, load_id: '2', file_size: 10 },
          { table_name: 'customers', items_count: 100, load_id: '1', file_size: 10 },
        ],
      },
      '/steps/1/normalize_info',
      checks,
    );
    expect(checks.ok).toBe(true);
    expect(Object.fromEntries(counts)).toEqual({ orders: 100, customers: 100 });
  });

  it('reads the older row_counts forms', () => {
    const checks = new DocumentChecks();
    expect(Object.fromEntries(readDltRowCounts({ row_counts: [{ load_id: '1', table_name: 'orders', count: 7 }] }, '', checks))).toEqual({ orders: 7 });
    expect(Object.fromEntries(readDltRowCounts({ row_counts: [['orders', 7], ['items', 3]] }, '', checks))).toEqual({ orders: 7, items: 3 });
    expect(Object.fromEntries(readDltRowCounts({ row_counts: { orders: 7 }, table_metrics: [{ table_name: 'x', items_count: 1 }] }, '', checks))).toEqual({ orders: 7 });
    expect(checks.ok).toBe(true);
  });

  it('names wrong counts', () => {
    const checks = new DocumentChecks();
    readDltRowCounts({ table_metrics: [{ table_name: 'orders', items_count: 'lots' }] }, '/steps/1/normalize_info', checks);
    readDltRowCounts({ row_counts: { orders: -1 } }, '/x', checks);
    readDltRowCounts({ row_counts: 'many' }, '/y', checks);
    expect(checks.problems.map((p) => p.path)).toEqual(['/steps/1/normalize_info/table_metrics/0/items_count', '/x/row_counts/orders', '/y/row_counts']);
  });
});
