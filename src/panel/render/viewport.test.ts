import { describe, expect, it } from 'vitest';

import { centreOn, fitViewport, MAX_ZOOM, MIN_ZOOM, toScreen, toWorld, visibleWorld, zoomAt } from './viewport';

describe('viewport', () => {
  it('fits the drawing in the screen with padding, centred, never past 100 %', () => {
    const view = fitViewport({ width: 2000, height: 500 }, { width: 1048, height: 600 }, 24);
    expect(view.k).toBeCloseTo(0.5);
    expect(view.x).toBeCloseTo(24);
    expect(view.y).toBeCloseTo((600 - 250) / 2);
    expect(fitViewport({ width: 100, height: 50 }, { width: 1000, height: 600 }).k).toBe(1);
    expect(fitViewport({ width: 1e9, height: 1 }, { width: 100, height: 100 }).k).toBe(MIN_ZOOM);
  });

  it('zooms around the pointer: the world point under it stays put', () => {
    const view = { x: 10, y: 20, k: 0.5 };
    const before = toWorld(view, 300, 200);
    const zoomed = zoomAt(view, 2, 300, 200);
    expect(zoomed.k).toBe(1);
    const after = toScreen(zoomed, before.x, before.y);
    expect(after.x).toBeCloseTo(300);
    expect(after.y).toBeCloseTo(200);
    expect(zoomAt(view, 1000, 0, 0).k).toBe(MAX_ZOOM);
  });

  it('centres a world point', () => {
    const view = centreOn({ x: 0, y: 0, k: 0.2 }, 500, 300, { width: 800, height: 600 }, 1);
    expect(toScreen(view, 500, 300)).toEqual({ x: 400, y: 300 });
  });

  it('tells which part of the world is on screen', () => {
    expect(visibleWorld({ x: -100, y: -10, k: 2 }, { width: 200, height: 100 })).toEqual({ left: 50, top: 5, right: 150, bottom: 55 });
  });
});
