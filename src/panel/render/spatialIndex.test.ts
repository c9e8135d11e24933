import { describe, expect, it } from 'vitest';

import { buildSpatialIndex } from './spatialIndex';

describe('spatial index', () => {
  it('finds the node under a point, or none', () => {
    const index = buildSpatialIndex([100, 400, 1000], [50, 50, 900], [180, 180, 180], [44, 44, 44]);
    expect(index.hit(100, 50)).toBe(0);
    expect(index.hit(189, 71)).toBe(0);
    expect(index.hit(191, 50)).toBe(-1);
    expect(index.hit(400, 30)).toBe(1);
    expect(index.hit(1085, 920)).toBe(2);
    expect(index.hit(-5000, -5000)).toBe(-1);
  });

  it('finds nodes straddling grid cells, among thousands', () => {
    const n = 5000;
    const x = Array.from({ length: n }, (_, i) => (i % 100) * 200 + 128);
    const y = Array.from({ length: n }, (_, i) => Math.floor(i / 100) * 60 + 255);
    const index = buildSpatialIndex(x, y, new Array(n).fill(180), new Array(n).fill(44));
    for (const i of [0, 1, 99, 100, 2500, 4999]) {
      expect(index.hit(x[i] + 80, y[i] - 20)).toBe(i);
    }
  });
});
