import { describe, expect, it } from 'vitest';
import { InvalidDocumentError } from '../../model/validationError';
import { DocumentChecks, pointer } from './documentChecks';

describe('pointer', () => {
  it('builds JSON pointers and escapes ~ and /', () => {
    expect(pointer('', 'results', 3, 'status')).toBe('/results/3/status');
    expect(pointer('/manifest/nodes', 'model.a/b~c')).toBe('/manifest/nodes/model.a~1b~0c');
  });
});

describe('DocumentChecks', () => {
  it('collects every problem with its path and throws them together', () => {
    const checks = new DocumentChecks();
    expect(checks.string(42, '/a')).toBeUndefined();
    expect(checks.number('1', '/b')).toBeUndefined();
    expect(checks.timestamp('not a time', '/c')).toBeUndefined();
    expect(checks.object(undefined, '/d')).toBeUndefined();
    expect(checks.oneOf('maybe', '/e', ['yes', 'no'] as const)).toBeUndefined();
    expect(checks.number(1.5, '/f', { integer: true })).toBeUndefined();
    expect(checks.strings(['x', 2], '/g')).toEqual(['x']);
    expect(checks.problems.map((p) => p.path)).toEqual(['/a', '/b', '/c', '/d', '/e', '/f', '/g/1']);
    expect(checks.problems[0].message).toBe('must be a string, got number 42');
    expect(checks.problems[3].message).toBe('is required (an object)');
    expect(checks.problems[4].message).toBe('must be one of "yes", "no", got "maybe"');
    let thrown: unknown;
    try {
      checks.throwIfAny();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidDocumentError);
    expect((thrown as InvalidDocumentError).problems).toHaveLength(7);
    expect((thrown as InvalidDocumentError).message).toContain('/a: must be a string');
  });

  it('accepts optional and nullable values when told to', () => {
    const checks = new DocumentChecks();
    expect(checks.string(undefined, '/a', { optional: true })).toBeUndefined();
    expect(checks.string(null, '/b', { nullable: true })).toBeUndefined();
    expect(checks.string(null, '/c')).toBeUndefined();
    expect(checks.problems).toEqual([{ path: '/c', message: 'must be a string, got null' }]);
  });

  it('returns the values that are right', () => {
    const checks = new DocumentChecks();
    expect(checks.timestamp('2024-05-01T12:00:00.123456Z', '/t')).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 123));
    expect(checks.number(3, '/n', { integer: true, min: 0 })).toBe(3);
    expect(checks.object({ a: 1 }, '/o')).toEqual({ a: 1 });
    expect(checks.ok).toBe(true);
    expect(() => checks.throwIfAny()).not.toThrow();
  });
});
