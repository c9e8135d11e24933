import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentChecks } from './documentChecks';
import { readDbtManifest } from './dbtManifest';

const manifestDoc = (): any => JSON.parse(readFileSync(join(__dirname, '__fixtures__', 'manifest.json'), 'utf8'));

describe('readDbtManifest', () => {
  it('reads project, adapter and the nodes asked for', () => {
    const checks = new DocumentChecks();
    const manifest = readDbtManifest({ document: manifestDoc(), path: '/manifest', schemaVersion: 12 }, checks);
    expect(manifest).toMatchObject({ projectName: 'jaffle_shop', adapterType: 'postgres', dbtVersion: '1.8.3' });
    expect(manifest.node('model.jaffle_shop.orders')).toMatchObject({
      resourceType: 'model',
      database: 'jaffle_shop',
      schema: 'dbt_alice',
      identifier: 'orders',
      materialized: 'table',
      dependsOn: ['model.jaffle_shop.stg_orders', 'model.jaffle_shop.stg_payments'],
    });
    expect(manifest.node('source.jaffle_shop.raw.customers')).toMatchObject({ resourceType: 'source', schema: 'raw', identifier: 'customers' });
    expect(manifest.node('test.jaffle_shop.accepted_values_stg_orders_status__placed__shipped__completed__return_pending__returned.080fb20aad')).toMatchObject({
      testName: 'accepted_values',
      columnName: 'status',
      attachedNode: 'model.jaffle_shop.stg_orders',
      severity: 'warn',
    });
    expect(manifest.node('model.jaffle_shop.nope')).toBeUndefined();
    expect(checks.problems).toEqual([]);
  });

  it('uses the alias as identifier and checks only the nodes read', () => {
    const doc = manifestDoc();
    doc.nodes['model.jaffle_shop.orders'].alias = 'fct_orders';
    doc.nodes['model.jaffle_shop.customers'].schema = 42;
    const checks = new DocumentChecks();
    const manifest = readDbtManifest({ document: doc, path: '', schemaVersion: 12 }, checks);
    expect(manifest.node('model.jaffle_shop.orders')?.identifier).toBe('fct_orders');
    expect(checks.problems).toEqual([]);
    manifest.node('model.jaffle_shop.customers');
    expect(checks.problems).toEqual([{ path: '/nodes/model.jaffle_shop.customers/schema', message: 'must be a string, got number 42' }]);
  });
});
