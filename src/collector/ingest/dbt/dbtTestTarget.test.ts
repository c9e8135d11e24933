import { describe, expect, it } from 'vitest';
import { DbtManifestNode } from './dbtManifest';
import { resolveDbtTestTarget } from './dbtTestTarget';

const known = new Map([
  ['orders', 'model.jaffle_shop.orders'],
  ['stg_orders', 'model.jaffle_shop.stg_orders'],
  ['customers', 'model.jaffle_shop.customers'],
  ['stg_customers', 'model.jaffle_shop.stg_customers'],
]);

const testNode = (over: Partial<DbtManifestNode>): DbtManifestNode => ({
  uniqueId: 'test.jaffle_shop.x',
  resourceType: 'test',
  name: 'x',
  identifier: 'x',
  dependsOn: [],
  ...over,
});

describe('resolveDbtTestTarget with a manifest', () => {
  it('uses attached_node, test_metadata and column_name', () => {
    const node = testNode({
      name: 'relationships_orders_customer_id__customer_id__ref_customers_',
      testName: 'relationships',
      columnName: 'customer_id',
      attachedNode: 'model.jaffle_shop.orders',
      dependsOn: ['model.jaffle_shop.customers', 'model.jaffle_shop.orders'],
    });
    expect(resolveDbtTestTarget(node.uniqueId, node, new Map())).toEqual({
      nodeIds: ['model.jaffle_shop.orders'],
      check: 'relationships',
      column: 'customer_id',
    });
  });

  it('prefixes a package test with its namespace', () => {
    const node = testNode({ testName: 'expression_is_true', testNamespace: 'dbt_utils', attachedNode: 'model.jaffle_shop.orders' });
    expect(resolveDbtTestTarget(node.uniqueId, node, new Map())?.check).toBe('dbt_utils.expression_is_true');
  });

  it('puts a singular test on the relations it depends on', () => {
    const node = testNode({
      name: 'assert_positive_payment_amounts',
      dependsOn: ['model.jaffle_shop.stg_payments', 'macro.jaffle_shop.cents_to_dollars'],
    });
    expect(resolveDbtTestTarget(node.uniqueId, node, new Map())).toEqual({
      nodeIds: ['model.jaffle_shop.stg_payments'],
      check: 'assert_positive_payment_amounts',
      column: undefined,
    });
  });
});

describe('resolveDbtTestTarget from the unique_id alone', () => {
  it('finds the longest known model and the column', () => {
    expect(resolveDbtTestTarget('test.jaffle_shop.not_null_orders_order_id.cf6c17daed', undefined, known)).toEqual({
      nodeIds: ['model.jaffle_shop.orders'],
      check: 'not_null',
      column: 'order_id',
    });
    expect(resolveDbtTestTarget('test.jaffle_shop.unique_stg_customers_customer_id.c7614daada', undefined, known)).toEqual({
      nodeIds: ['model.jaffle_shop.stg_customers'],
      check: 'unique',
      column: 'customer_id',
    });
    expect(
      resolveDbtTestTarget('test.jaffle_shop.accepted_values_stg_orders_status__placed__shipped__completed__return_pending__returned.080fb20aad', undefined, known),
    ).toEqual({ nodeIds: ['model.jaffle_shop.stg_orders'], check: 'accepted_values', column: 'status' });
  });

  it('leaves unknown models and singular tests unresolved', () => {
    expect(resolveDbtTestTarget('test.jaffle_shop.not_null_payments_amount.1a2b3c4d5e', undefined, known)).toBeUndefined();
    expect(resolveDbtTestTarget('test.jaffle_shop.assert_positive_payment_amounts', undefined, known)).toBeUndefined();
  });
});
