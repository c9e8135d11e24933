import { describe, expect, it } from 'vitest';
import {
  dbtDatasetFromRelationName,
  dbtRelationDataset,
  parseDbtUniqueId,
  relationNameParts,
  resolveDbtNaming,
} from './dbtDatasetNames';

describe('parseDbtUniqueId', () => {
  it('splits models, seeds, snapshots, sources and tests', () => {
    expect(parseDbtUniqueId('model.jaffle_shop.orders')).toEqual({ resourceType: 'model', packageName: 'jaffle_shop', name: 'orders' });
    expect(parseDbtUniqueId('model.jaffle_shop.dim_customers.v2')).toEqual({ resourceType: 'model', packageName: 'jaffle_shop', name: 'dim_customers', version: 'v2' });
    expect(parseDbtUniqueId('source.jaffle_shop.raw.customers')).toEqual({ resourceType: 'source', packageName: 'jaffle_shop', sourceName: 'raw', name: 'customers' });
    expect(parseDbtUniqueId('test.jaffle_shop.not_null_orders_order_id.cf6c17daed')).toEqual({ resourceType: 'test', packageName: 'jaffle_shop', name: 'not_null_orders_order_id' });
    expect(parseDbtUniqueId('test.jaffle_shop.assert_positive_payment_amounts')?.name).toBe('assert_positive_payment_amounts');
    expect(parseDbtUniqueId('seed.jaffle_shop.payment_methods')?.resourceType).toBe('seed');
  });

  it('refuses what is not a unique_id', () => {
    expect(parseDbtUniqueId('orders')).toBeUndefined();
    expect(parseDbtUniqueId('model..orders')).toBeUndefined();
    expect(parseDbtUniqueId('source.jaffle_shop.raw')).toBeUndefined();
  });
});

describe('relationNameParts', () => {
  it('unquotes each adapter style', () => {
    expect(relationNameParts('"jaffle_shop"."dbt_alice"."orders"')).toEqual(['jaffle_shop', 'dbt_alice', 'orders']);
    expect(relationNameParts('`my-project`.`analytics`.`orders`')).toEqual(['my-project', 'analytics', 'orders']);
    expect(relationNameParts('[dw].[dbo].[orders]')).toEqual(['dw', 'dbo', 'orders']);
    expect(relationNameParts('ANALYTICS.DBT_ALICE.ORDERS')).toEqual(['ANALYTICS', 'DBT_ALICE', 'ORDERS']);
    expect(relationNameParts('"main"."odd.name"')).toEqual(['main', 'odd.name']);
    expect(relationNameParts('"say ""hi"""')).toEqual(['say "hi"']);
  });
});

describe('resolveDbtNaming', () => {
  it('prefers the manifest, then options, then the most common package', () => {
    expect(resolveDbtNaming({ projectName: 'jaffle_shop', adapterType: 'postgres' }, { adapterType: 'duckdb' }, [])).toEqual({
      project: 'jaffle_shop',
      jobNamespace: 'dbt://jaffle_shop',
      invocationJobName: 'jaffle_shop',
      adapterType: 'postgres',
    });
    const inferred = resolveDbtNaming(undefined, {}, ['model.shop.a', 'model.shop.b', 'model.dbt_utils.c']);
    expect(inferred.project).toBe('shop');
    expect(inferred.adapterType).toBeUndefined();
    expect(resolveDbtNaming(undefined, { jobNamespace: 'prod-dbt' }, []).jobNamespace).toBe('prod-dbt');
    expect(resolveDbtNaming(undefined, {}, []).invocationJobName).toBe('dbt-invocation');
  });
});

describe('dataset keys', () => {
  const withAdapter = resolveDbtNaming({ projectName: 'jaffle_shop', adapterType: 'postgres' }, {}, []);
  const withoutAdapter = resolveDbtNaming(undefined, { projectName: 'jaffle_shop' }, []);

  it('puts the relation in <adapter>://<database> when the adapter is known', () => {
    expect(dbtRelationDataset(withAdapter, { database: 'jaffle_shop', schema: 'raw', identifier: 'customers' })).toEqual({
      namespace: 'postgres://jaffle_shop',
      name: 'jaffle_shop.raw.customers',
    });
    expect(dbtDatasetFromRelationName(withAdapter, '"jaffle_shop"."dbt_alice"."orders"')).toEqual({
      namespace: 'postgres://jaffle_shop',
      name: 'jaffle_shop.dbt_alice.orders',
    });
  });

  it('falls back to dbt://<project> without an adapter or a database', () => {
    expect(dbtDatasetFromRelationName(withoutAdapter, '"jaffle_shop"."dbt_alice"."orders"')).toEqual({
      namespace: 'dbt://jaffle_shop',
      name: 'jaffle_shop.dbt_alice.orders',
    });
    expect(dbtRelationDataset(withAdapter, { schema: 'default', identifier: 'orders' })).toEqual({
      namespace: 'dbt://jaffle_shop',
      name: 'default.orders',
    });
  });
});
