import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef } from 'react';

import { type DrawState, type DrawStats, drawScene, type Palette } from '../../render/draw';
import type { Appearance, Geometry } from '../../render/scene';
import { centreOn, fitViewport, toWorld, type Viewport, zoomAt } from '../../render/viewport';

export interface GraphCanvasHandle {
  fit(): void;
  zoomBy(factor: number): void;
  /** centres a view node, zooming in to read it if the view is far out */
  centreOn(index: number): void;
}

export interface GraphCanvasProps {
  geometry: Geometry;
  appearance: Appearance;
  state: DrawState;
  palette: Palette;
  width: number;
  height: number;
  /** a node (view index) was clicked, or the background (-1) */
  onSelect(index: number): void;
  onOpen(index: number): void;
  onHover(index: number, at: { x: number; y: number }): void;
  /** once per new geometry, after its first drawing */
  onFirstPaint?(stats: DrawStats & { layoutMs: number; engine: string }): void;
  'aria-label': string;
}

const CLICK_TOLERANCE = 4;

/** The lineage graph on a canvas, with pan (drag, arrows), zoom (wheel, +/-) and fit (0). */
export const GraphCanvas = forwardRef<GraphCanvasHandle, GraphCanvasProps>(function GraphCanvas(props, ref) {
  const { geometry, appearance, state, palette, width, height, onSelect, onOpen, onHover, onFirstPaint } = props;
  const styles = useStyles2(getStyles);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<Viewport>({ x: 0, y: 0, k: 1 });
  const fittedKey = useRef<string>();
  const paintedKey = useRef<string>();
  const frame = useRef<number>();
  const latest = useRef(props);
  latest.current = props;
  const drag = useRef<{ x: number; y: number; startX: number; startY: number; moved: boolean; id: number }>();

  const draw = useCallback(() => {
    frame.current = undefined;
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    // jsdom (unit tests) has no 2D canvas: skip drawing there.
    if (!canvas || !ctx || typeof ctx.beginPath !== 'function') {
      return;
    }
    const current = latest.current;
    const dpr = window.devicePixelRatio || 1;
    const stats = drawScene(ctx, current.geometry, current.appearance, current.state, current.palette, viewRef.current, { width: current.width, height: current.height }, dpr);
    canvas.dataset.drawMs = stats.ms.toFixed(1);
    canvas.dataset.zoom = viewRef.current.k.toFixed(3);
    if (paintedKey.current !== current.geometry.key) {
      paintedKey.current = current.geometry.key;
      canvas.dataset.painted = current.geometry.key;
      current.onFirstPaint?.({ ...stats, layoutMs: current.geometry.layoutMs, engine: current.geometry.engine });
    }
  }, []);

  const schedule = useCallback(() => {
    if (frame.current === undefined) {
      frame.current = requestAnimationFrame(draw);
    }
  }, [draw]);

  useEffect(() => () => {
    if (frame.current !== undefined) {
      cancelAnimationFrame(frame.current);
    }
  }, []);

  const setView = useCallback(
    (next: Viewport) => {
      viewRef.current = next;
      schedule();
    },
    [schedule],
  );

  useImperativeHandle(
    ref,
    () => ({
      fit: () => setView(fitViewport(latest.current.geometry, latest.current)),
      zoomBy: (factor: number) => setView(zoomAt(viewRef.current, factor, latest.current.width / 2, latest.current.height / 2)),
      centreOn: (index: number) => {
        const g = latest.current.geometry;
        if (index < 0 || index >= g.count) {
          return;
        }
        setView(centreOn(viewRef.current, g.x[index], g.y[index], latest.current, Math.max(viewRef.current.k, 0.8)));
      },
    }),
    [setView],
  );

  // Size the backing store for the device pixel ratio; fit whenever the structure is new.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) {
      return;
    }
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(width * dpr));
    canvas.height = Math.max(1, Math.round(height * dpr));
    if (fittedKey.current !== geometry.key) {
      fittedKey.current = geometry.key;
      viewRef.current = fitViewport(geometry, { width, height });
    }
    // Draw right away on a new structure (first paint), on the next frame otherwise.
    if (paintedKey.current !== geometry.key) {
      draw();
    } else {
      schedule();
    }
  }, [geometry, appearance, state, palette, width, height, draw, schedule]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) {
      return;
    }
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = canvas.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
      setView(zoomAt(viewRef.current, factor, event.clientX - rect.left, event.clientY - rect.top));
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [setView]);

  const nodeAt = (event: { clientX: number; clientY: number }) => {
    const canvas = canvasRef.current;
    if (!canvas) {
      return { index: -1, x: 0, y: 0 };
    }
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const world = toWorld(viewRef.current, x, y);
    return { index: latest.current.geometry.index.hit(world.x, world.y), x, y };
  };

  return (
    <canvas
      ref={canvasRef}
      className={styles.canvas}
      style={{ width, height }}
      tabIndex={0}
      role="img"
      aria-label={props['aria-label']}
      data-testid="lineage-canvas"
      data-engine={geometry.engine}
      data-layout-ms={geometry.layoutMs.toFixed(1)}
      data-nodes={geometry.count}
      data-edges={geometry.edgeSource.length}
      onPointerDown={(event) => {
        if (event.button !== 0) {
          return;
        }
        drag.current = { x: event.clientX, y: event.clientY, startX: event.clientX, startY: event.clientY, moved: false, id: event.pointerId };
      }}
      onPointerMove={(event) => {
        const current = drag.current;
        if (current && current.id === event.pointerId) {
          const dx = event.clientX - current.x;
          const dy = event.clientY - current.y;
          if (!current.moved && Math.hypot(event.clientX - current.startX, event.clientY - current.startY) > CLICK_TOLERANCE) {
            current.moved = true;
            event.currentTarget.setPointerCapture?.(event.pointerId);
          }
          if (current.moved) {
            current.x = event.clientX;
            current.y = event.clientY;
            setView({ ...viewRef.current, x: viewRef.current.x + dx, y: viewRef.current.y + dy });
            return;
          }
        }
        const hit = nodeAt(event);
        if (hit.index >= 0 || latest.current.state.hover >= 0) {
          onHover(hit.index, hit);
        }
      }}
      onPointerUp={(event) => {
        const current = drag.current;
        drag.current = undefined;
        if (current && !current.moved) {
          onSelect(nodeAt(event).index);
        }
      }}
      onPointerLeave={() => {
        if (!drag.current) {
          onHover(-1, { x: 0, y: 0 });
        }
      }}
      onDoubleClick={(event) => {
        const hit = nodeAt(event);
        if (hit.index >= 0) {
          onOpen(hit.index);
        }
      }}
      onKeyDown={(event) => {
        const step = 60;
        const view = viewRef.current;
        const keys: Record<string, () => Viewport> = {
          '+': () => zoomAt(view, 1.25, width / 2, height / 2),
          '=': () => zoomAt(view, 1.25, width / 2, height / 2),
          '-': () => zoomAt(view, 0.8, width / 2, height / 2),
          '0': () => fitViewport(geometry, { width, height }),
          ArrowLeft: () => ({ ...view, x: view.x + step }),
          ArrowRight: () => ({ ...view, x: view.x - step }),
          ArrowUp: () => ({ ...view, y: view.y + step }),
          ArrowDown: () => ({ ...view, y: view.y - step }),
        };
        const action = keys[event.key];
        if (action) {
          event.preventDefault();
          setView(action());
        } else if (event.key === 'Escape') {
          onSelect(-1);
        }
      }}
    />
  );
});

const getStyles = (theme: GrafanaTheme2) => ({
  canvas: css({
    display: 'block',
    cursor: 'grab',
    touchAction: 'none',
    outline: 'none',
    '&:active': { cursor: 'grabbing' },
    '&:focus-visible': { boxShadow: `inset 0 0 0 2px ${theme.colors.primary.border}` },
  }),
});
