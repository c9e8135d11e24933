import { describe, expect, it } from 'vitest';
import { ResolvedSlaMemo } from './resolvedSlaMemo';
import { noSlas, type SlaResolver } from './slaResolver';

/** A resolver that counts how often it resolves, answering with the facts' owners. */
function countingResolver(): SlaResolver & { calls: number } {
  const resolver = {
    calls: 0,
    forDataset: (key: { namespace: string; name: string }, facts = {}) => {
      resolver.calls += 1;
      return { ...noSlas.forDataset(key, facts) };
    },
    forJob: (key: { namespace: string; name: string }, facts = {}) => {
      resolver.calls += 1;
      return { ...noSlas.forJob(key, facts) };
    },
  };
  return resolver;
}

describe('ResolvedSlaMemo', () => {
  const owners = JSON.stringify([{ name: 'team:orders', type: 'TEAM' }]);

  it('resolves a node once while its stored owners, tags and dbt criteria stay the same', () => {
    const slas = countingResolver();
    const memo = ResolvedSlaMemo.of(slas);
    const first = memo.dataset('snowflake://acme', 'orders', { owners, tags: null, warnAfterSeconds: 3600 });
    const again = memo.dataset('snowflake://acme', 'orders', { owners, tags: null, warnAfterSeconds: 3600, errorAfterSeconds: null });
    expect(again).toBe(first);
    expect(first.sla.owners).toEqual(['team:orders']);
    expect(first.sla.warnAfterSeconds).toBe(3600);
    expect(slas.calls).toBe(1);
    expect(ResolvedSlaMemo.of(slas)).toBe(memo);
  });

  it('resolves again when any input changes, and keeps jobs and datasets apart', () => {
    const slas = countingResolver();
    const memo = ResolvedSlaMemo.of(slas);
    memo.dataset('snowflake://acme', 'orders', { owners, tags: null });
    const changed = memo.dataset('snowflake://acme', 'orders', { owners: null, tags: null });
    expect(changed.sla.owners).toEqual([]);
    memo.dataset('snowflake://acme', 'orders', { owners: null, tags: null, warnAfterSeconds: 60 });
    memo.job('snowflake://acme', 'orders', { owners: null, tags: null });
    expect(slas.calls).toBe(4);
  });
});
