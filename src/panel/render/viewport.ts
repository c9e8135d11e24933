/**
 * Pan and zoom as a plain transform: screen = world * k + (x, y). Pure, so fit, zoom around
 * the pointer and centring are unit-tested without a canvas.
 */
export interface Viewport {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.005;
export const MAX_ZOOM = 4;

const clampZoom = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/** The whole drawing in view with `padding` pixels around it, never zoomed in past `maxK`. */
export function fitViewport(world: { width: number; height: number }, screen: { width: number; height: number }, padding = 24, maxK = 1): Viewport {
  const availableWidth = Math.max(1, screen.width - 2 * padding);
  const availableHeight = Math.max(1, screen.height - 2 * padding);
  const k = clampZoom(Math.min(maxK, availableWidth / Math.max(1, world.width), availableHeight / Math.max(1, world.height)));
  return { k, x: (screen.width - world.width * k) / 2, y: (screen.height - world.height * k) / 2 };
}

/** Zooms by `factor` keeping the world point under (sx, sy) where it is on screen. */
export function zoomAt(view: Viewport, factor: number, sx: number, sy: number): Viewport {
  const k = clampZoom(view.k * factor);
  const wx = (sx - view.x) / view.k;
  const wy = (sy - view.y) / view.k;
  return { k, x: sx - wx * k, y: sy - wy * k };
}

/** Puts the world point (wx, wy) in the middle of the screen, at zoom `k` (default: unchanged). */
export function centreOn(view: Viewport, wx: number, wy: number, screen: { width: number; height: number }, k = view.k): Viewport {
  const zoom = clampZoom(k);
  return { k: zoom, x: screen.width / 2 - wx * zoom, y: screen.height / 2 - wy * zoom };
}

export const toWorld = (view: Viewport, sx: number, sy: number) => ({ x: (sx - view.x) / view.k, y: (sy - view.y) / view.k });
export const toScreen = (view: Viewport, wx: number, wy: number) => ({ x: wx * view.k + view.x, y: wy * view.k + view.y });

/** The world rectangle on screen, grown by `margin` screen pixels. */
export function visibleWorld(view: Viewport, screen: { width: number; height: number }, margin = 0) {
  return {
    left: (-margin - view.x) / view.k,
    top: (-margin - view.y) / view.k,
    right: (screen.width + margin - view.x) / view.k,
    bottom: (screen.height + margin - view.y) / view.k,
  };
}
