import { describe, expect, it } from 'vitest';
import { openLineageEventKind } from './eventKind';

describe('openLineageEventKind', () => {
  it.each([
    [{ run: {}, job: {} }, 'RunEvent'],
    [{ eventType: 'START', job: {} }, 'RunEvent'],
    [{ run: {}, dataset: {} }, 'RunEvent'],
    [{ dataset: {} }, 'DatasetEvent'],
    [{ dataset: {}, job: {} }, 'DatasetEvent'],
    [{ job: {} }, 'JobEvent'],
    [{ producer: 'x' }, undefined],
  ] as const)('%j is a %s', (body, kind) => {
    expect(openLineageEventKind(body)).toBe(kind);
  });
});
