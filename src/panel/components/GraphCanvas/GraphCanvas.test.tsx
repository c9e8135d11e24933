import { createTheme } from '@grafana/data';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { buildView } from '../../model/grouping';
import { healthColors, nodeStatuses, statusColor } from '../../model/health';
import { paletteFromTheme } from '../../render/draw';
import { buildAppearance, buildGeometry } from '../../render/scene';
import { type FakeContext, fakeContext, installFakeCanvas } from '../../testing/fakeCanvas';
import { pipelineGraph } from '../../testing/testFrames';
import { GraphCanvas, type GraphCanvasHandle, type GraphCanvasProps } from './GraphCanvas';

const theme = createTheme();
let fake: FakeContext;
let uninstall: () => void;

beforeEach(() => {
  fake = fakeContext();
  uninstall = installFakeCanvas(fake);
});
afterEach(() => uninstall());

function setup(overrides: Partial<GraphCanvasProps> = {}) {
  const graph = pipelineGraph();
  const view = buildView(graph, new Set());
  const geometry = buildGeometry(graph, view, 'LR', 'fast');
  const colors = healthColors(theme);
  const appearance = buildAppearance(graph, view, nodeStatuses(graph, 'freshness'), (s, n) => statusColor(theme, colors, s, n), (n) => n.title, () => undefined);
  const props: GraphCanvasProps = {
    geometry,
    appearance,
    state: { hover: -1 },
    palette: paletteFromTheme(theme),
    width: 800,
    height: 400,
    onSelect: vi.fn(),
    onOpen: vi.fn(),
    onHover: vi.fn(),
    onFirstPaint: vi.fn(),
    'aria-label': 'Lineage graph',
    ...overrides,
  };
  const ref = createRef<GraphCanvasHandle>();
  const utils = render(<GraphCanvas ref={ref} {...props} />);
  return { ...utils, props, geometry, graph, ref, canvas: screen.getByTestId('lineage-canvas') as HTMLCanvasElement };
}

/** Screen position of a node after fit, from the canvas' own zoom and the geometry. */
function screenOf(canvas: HTMLCanvasElement, geometry: ReturnType<typeof buildGeometry>, index: number) {
  const k = Number(canvas.dataset.zoom);
  const x = (800 - geometry.width * k) / 2 + geometry.x[index] * k;
  const y = (400 - geometry.height * k) / 2 + geometry.y[index] * k;
  return { clientX: x, clientY: y };
}

describe('GraphCanvas', () => {
  it('paints at once, fitted, and reports the first paint with layout figures', () => {
    const { canvas, props, geometry } = setup();
    expect(canvas).toHaveAttribute('data-painted', geometry.key);
    expect(canvas).toHaveAttribute('data-engine', 'fast');
    expect(canvas).toHaveAttribute('data-nodes', '8');
    expect(canvas).toHaveAttribute('role', 'img');
    expect(props.onFirstPaint).toHaveBeenCalledTimes(1);
    expect(fake.count('clearRect')).toBeGreaterThan(0);
  });

  it('selects the node clicked, or none on the background', () => {
    const { canvas, props, geometry } = setup();
    const at = screenOf(canvas, geometry, 2);
    fireEvent.pointerDown(canvas, { ...at, button: 0, pointerId: 1 });
    fireEvent.pointerUp(canvas, { ...at, button: 0, pointerId: 1 });
    expect(props.onSelect).toHaveBeenLastCalledWith(2);
    fireEvent.pointerDown(canvas, { clientX: 1, clientY: 1, button: 0, pointerId: 1 });
    fireEvent.pointerUp(canvas, { clientX: 1, clientY: 1, button: 0, pointerId: 1 });
    expect(props.onSelect).toHaveBeenLastCalledWith(-1);
  });

  it('pans on drag without selecting', () => {
    const { canvas, props } = setup();
    fireEvent.pointerDown(canvas, { clientX: 100, clientY: 100, button: 0, pointerId: 1 });
    fireEvent.pointerMove(canvas, { clientX: 160, clientY: 130, pointerId: 1 });
    fireEvent.pointerUp(canvas, { clientX: 160, clientY: 130, pointerId: 1 });
    expect(props.onSelect).not.toHaveBeenCalled();
  });

  it('reports the node under the pointer and opens on double-click', () => {
    const { canvas, props, geometry } = setup();
    const at = screenOf(canvas, geometry, 4);
    fireEvent.pointerMove(canvas, { ...at, pointerId: 1 });
    expect(props.onHover).toHaveBeenCalledWith(4, expect.objectContaining({ x: at.clientX, y: at.clientY }));
    fireEvent.doubleClick(canvas, at);
    expect(props.onOpen).toHaveBeenCalledWith(4);
  });

  it('zooms with the keyboard and the handle, and clears the focus on Escape', async () => {
    const { canvas, props, ref } = setup();
    const fitted = Number(canvas.dataset.zoom);
    fireEvent.keyDown(canvas, { key: '+' });
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(Number(canvas.dataset.zoom)).toBeCloseTo(fitted * 1.25);
    act(() => ref.current?.fit());
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(Number(canvas.dataset.zoom)).toBeCloseTo(fitted);
    act(() => ref.current?.centreOn(3));
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(Number(canvas.dataset.zoom)).toBeGreaterThanOrEqual(0.8);
    fireEvent.keyDown(canvas, { key: 'Escape' });
    expect(props.onSelect).toHaveBeenCalledWith(-1);
  });

  it('draws nothing and throws nothing where the browser has no 2D canvas', () => {
    uninstall();
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
    try {
      const { canvas } = setup();
      expect(canvas).not.toHaveAttribute('data-painted');
    } finally {
      HTMLCanvasElement.prototype.getContext = original;
    }
  });
});
