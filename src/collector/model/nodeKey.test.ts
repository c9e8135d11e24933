import { describe, expect, it } from 'vitest';
import { nodeKey } from './nodeKey';

describe('nodeKey', () => {
  it('keeps pairs apart that plain concatenation would merge', () => {
    expect(nodeKey('a', 'b.c')).not.toBe(nodeKey('a.b', 'c'));
    expect(nodeKey('postgres://db:5432', 'public.orders')).toBe(nodeKey('postgres://db:5432', 'public.orders'));
  });
});
