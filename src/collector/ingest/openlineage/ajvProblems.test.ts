import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { MAX_PROBLEMS, capProblems, pointerSegment, problemsFromAjv } from './ajvProblems';

const err = (keyword: string, instancePath: string, params: Record<string, unknown>, extra: Partial<ErrorObject> = {}): ErrorObject => ({
  keyword,
  instancePath,
  schemaPath: `#/${keyword}`,
  params,
  message: `ajv says ${keyword}`,
  ...extra,
});

describe('problemsFromAjv', () => {
  it('names a missing property by its own path', () => {
    expect(problemsFromAjv([err('required', '/job', { missingProperty: 'name' })])).toEqual([{ path: '/job/name', message: 'is required' }]);
    expect(problemsFromAjv([err('required', '', { missingProperty: 'run' })])).toEqual([{ path: '/run', message: 'is required' }]);
  });

  it('escapes property names that are not plain JSON Pointer segments', () => {
    expect(problemsFromAjv([err('required', '/x', { missingProperty: 'a/b~c' })])).toEqual([{ path: '/x/a~1b~0c', message: 'is required' }]);
    expect(pointerSegment('a/b~c')).toBe('a~1b~0c');
    expect(pointerSegment(3)).toBe('3');
  });

  it('says types, formats, enums and consts plainly', () => {
    expect(
      problemsFromAjv([
        err('type', '/a', { type: 'integer' }),
        err('type', '/b', { type: 'string,null' }),
        err('format', '/run/runId', { format: 'uuid' }),
        err('format', '/eventTime', { format: 'date-time' }),
        err('format', '/producer', { format: 'uri' }),
        err('format', '/x', { format: 'email' }),
        err('enum', '/eventType', { allowedValues: ['START', 'COMPLETE'] }),
        err('const', '/t', { allowedValue: 'binary' }),
        err('additionalProperties', '/p/0', { additionalProperty: 'extra' }),
        err('dependentRequired', '/e', { property: 'name', missingProperty: 'namespace', depsCount: 1, deps: 'namespace' }),
        err('minimum', '/w', { comparison: '>=', limit: 1 }, { message: 'must be >= 1' }),
      ]),
    ).toEqual([
      { path: '/a', message: 'must be an integer' },
      { path: '/b', message: 'must be a string or null' },
      { path: '/run/runId', message: 'must be a UUID' },
      { path: '/eventTime', message: 'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T12:00:00.000Z' },
      { path: '/producer', message: 'must be a URI' },
      { path: '/x', message: 'must be a valid email' },
      { path: '/eventType', message: 'must be one of START, COMPLETE' },
      { path: '/t', message: 'must be "binary"' },
      { path: '/p/0/extra', message: 'is not allowed here' },
      { path: '/e/namespace', message: 'is required when name is present' },
      { path: '/w', message: 'must be >= 1' },
    ]);
  });

  it('reports a discriminator by its tag', () => {
    const schema = { propertyName: 'type', allowed: ['location', 'compare'] };
    expect(
      problemsFromAjv([
        err('discriminator', '/c', { error: 'mapping', tag: 'type', tagValue: 'range' }, { schema }),
        err('discriminator', '/d', { error: 'tag', tag: 'type', tagValue: undefined }, { schema }),
        err('discriminator', '/e', { error: 'tag', tag: 'type', tagValue: 5 }, { schema }),
        err('discriminator', '/f', { error: 'mapping', tag: 'type', tagValue: 'range' }),
      ]),
    ).toEqual([
      { path: '/c/type', message: 'must be one of location, compare' },
      { path: '/d/type', message: 'is required' },
      { path: '/e/type', message: 'must be a string' },
      { path: '/f/type', message: 'is not one of the allowed values' },
    ]);
  });

  it('drops anyOf/oneOf summaries where a branch already explains, and if/then/else noise', () => {
    expect(
      problemsFromAjv([
        err('required', '/run/facets/parent/run', { missingProperty: 'runId' }),
        err('anyOf', '/run/facets/parent/run', {}),
        err('if', '/job/facets/documentation', { failingKeyword: 'else' }),
        err('oneOf', '/other', { passingSchemas: null }),
        err('oneOf', '/both', { passingSchemas: [0, 1] }),
      ]),
    ).toEqual([
      { path: '/run/facets/parent/run/runId', message: 'is required' },
      { path: '/other', message: 'does not match any of the allowed shapes' },
      { path: '/both', message: 'matches more than one of the allowed shapes; it must match exactly one' },
    ]);
  });

  it('removes duplicates and prefixes paths', () => {
    const e = err('required', '', { missingProperty: 'x' });
    expect(problemsFromAjv([e, e], '/run/facets/f')).toEqual([{ path: '/run/facets/f/x', message: 'is required' }]);
    expect(problemsFromAjv(null)).toEqual([]);
  });
});

describe('capProblems', () => {
  it(`keeps ${MAX_PROBLEMS} problems, the last saying how many more there were`, () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ path: `/inputs/${i}/name`, message: 'is required' }));
    const capped = capProblems(many);
    expect(capped).toHaveLength(MAX_PROBLEMS);
    expect(capped[MAX_PROBLEMS - 2]).toEqual({ path: `/inputs/${MAX_PROBLEMS - 2}/name`, message: 'is required' });
    expect(capped[MAX_PROBLEMS - 1]).toEqual({ path: '', message: `and ${120 - MAX_PROBLEMS + 1} more problems` });
    expect(capProblems(many.slice(0, 3))).toEqual(many.slice(0, 3));
  });
});
