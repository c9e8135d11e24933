/**
 * Lineage panel benchmark: layout and first-paint times of the BUILT panel (dist/panel/module.js)
 * loaded by the Grafana stand-in host (tests/grafana-host) through SystemJS in Debian's Chromium,
 * on synthetic lineage graphs of several sizes (two edges per node, like the 2,000 / 4,000
 * budget). First paint runs from handing the frames to the panel (Grafana's toDataFrame and
 * field overrides included) until the frame holding the drawn graph is on screen. Then redraw
 * times at 10,000 nodes, and the layout engines alone on the same graphs: the measurements that
 * chose dagre for small graphs and the fast layered layout for the rest (src/panel/layout/README.md).
 *
 * PANE_BENCH_PANEL_SIZES=100,500,2000,10000  sizes to draw
 * PANE_BENCH_PANEL_RUNS=3                     runs per size (each on a new graph: no layout cache)
 * PANE_BENCH_PANEL_ENGINE_SIZES=100,500       sizes for dagre and elkjs alone (both take seconds at 500)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { fastLayeredLayout } from '../src/panel/layout/fastLayered';
import { syntheticLineage, syntheticLineageFrames } from '../src/panel/testing/syntheticLineage';

const repoRoot = path.resolve(__dirname, '..', '..');
const sizes = (process.env.PANE_BENCH_PANEL_SIZES ?? '100,500,2000,10000').split(',').map(Number);
const runs = Number(process.env.PANE_BENCH_PANEL_RUNS ?? 3);
const engineSizes = (process.env.PANE_BENCH_PANEL_ENGINE_SIZES ?? '100,500').split(',').filter(Boolean).map(Number);
const width = 1200;
const height = 700;
const CHROMIUM = process.env.PANE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Host {
  url: string;
  close(): Promise<void>;
}

/**
 * The stand-in host is TypeScript that finds its files from its own folder, so it runs from its
 * sources through ts-node rather than from build/ (where tsc would put a copy without them).
 */
function loadHost(): { startGrafanaHost(options: object): Promise<Host>; ensurePluginBuilt(): Promise<void> } {
  const tsNode = require('ts-node') as { register(options: object): void };
  tsNode.register({ transpileOnly: true, compilerOptions: { module: 'commonjs', moduleResolution: 'node10', jsx: 'react-jsx' } });
  const hostDir = path.join(repoRoot, 'tests', 'grafana-host');
  return {
    startGrafanaHost: require(path.join(hostDir, 'server', 'hostServer.ts')).startGrafanaHost,
    ensurePluginBuilt: require(path.join(hostDir, 'support', 'pluginBuild.ts')).ensurePluginBuilt,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US'));
const pad = (cells: string[], widths: number[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');

interface PaintFigures {
  nodes: number;
  edges: number;
  engine: string;
  layoutMs: number;
  drawMs: number;
  firstPaintMs: number;
}

// In-page code is passed as strings: this script is compiled without the DOM's types.
const showAndTime = `async ({ frames, options, width, height }) => {
  const host = window.grafanaHost;
  // The previous panel stays in the page until the host re-renders: mark it, to wait for the new one.
  document.querySelectorAll('[data-testid="lineage-canvas"], [data-testid="lineage-message"]').forEach((old) => old.setAttribute('data-old', ''));
  const started = performance.now();
  host.showPanel({ pluginId: 'pipelinepane-lineage-panel', frames, options, width, height });
  const canvas = await new Promise((resolve, reject) => {
    const deadline = started + 120000;
    const poll = () => {
      const found = document.querySelector('[data-testid="lineage-canvas"][data-painted]:not([data-old])');
      const message = document.querySelector('[data-testid="lineage-message"]:not([data-old])');
      if (found) resolve(found);
      else if (message) reject(new Error(message.textContent));
      else if (performance.now() > deadline) reject(new Error('no paint within 120 s'));
      else setTimeout(poll, 0);
    };
    poll();
  });
  // On screen: Chromium starts a frame only once the previous one is rasterised, so the
  // second animation frame after the drawing begins after the drawn frame was produced.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
  return {
    firstPaintMs: performance.now() - started,
    nodes: Number(canvas.dataset.nodes),
    edges: Number(canvas.dataset.edges),
    engine: canvas.dataset.engine,
    layoutMs: Number(canvas.dataset.layoutMs),
    drawMs: Number(canvas.dataset.drawMs),
  };
}`;

const redrawAfter = `async (action) => {
  const canvas = document.querySelector('[data-testid="lineage-canvas"]');
  const box = canvas.getBoundingClientRect();
  const started = performance.now();
  if (action === 'zoom-in') canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: -600, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true, cancelable: true }));
  if (action === 'pan') {
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
  }
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
  return { drawMs: Number(canvas.dataset.drawMs), zoom: Number(canvas.dataset.zoom), frameMs: performance.now() - started };
}`;

const focusAndImpact = `async (name) => {
  const input = document.querySelector('input[aria-label="Search nodes"]');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const started = performance.now();
  setter.call(input, name);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  const waitFor = (selector) => new Promise((resolve) => { const poll = () => (document.querySelector(selector) ? resolve() : setTimeout(poll, 0)); poll(); });
  await waitFor('[data-testid="lineage-focus"]');
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
  const focusMs = performance.now() - started;
  const impactStarted = performance.now();
  [...document.querySelectorAll('[data-testid="lineage-focus"] button')].find((b) => b.textContent.includes('Impact')).click();
  await waitFor('[data-testid="lineage-impact"]');
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
  return { focusMs, impactMs: performance.now() - impactStarted, impact: document.querySelector('[data-testid="lineage-impact"]').innerText };
}`;

/** dagre and elkjs alone, as the panel would call them, on a bare page in the same browser. */
const engineTimings = `async ({ nodes, edges, engine }) => {
  const started = performance.now();
  if (engine.startsWith('dagre')) {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', ranksep: 80, nodesep: 12, ranker: engine === 'dagre-longest-path' ? 'longest-path' : 'network-simplex' });
    g.setDefaultEdgeLabel(() => ({}));
    nodes.forEach((id) => g.setNode(id, { width: 180, height: 44 }));
    edges.forEach(([s, t]) => g.setEdge(s, t));
    dagre.layout(g);
    return { ms: performance.now() - started, positions: nodes.map((id) => [g.node(id).x, g.node(id).y]) };
  } else {
    const fast = engine === 'elk-fast'
      ? { 'elk.layered.crossingMinimization.strategy': 'INTERACTIVE', 'elk.layered.nodePlacement.strategy': 'SIMPLE', 'elk.layered.layering.strategy': 'LONGEST_PATH', 'elk.layered.thoroughness': '1', 'elk.edgeRouting': 'POLYLINE' }
      : {};
    const laid = await new ELK().layout({
      id: 'root',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', ...fast },
      children: nodes.map((id) => ({ id, width: 180, height: 44 })),
      edges: edges.map(([s, t], i) => ({ id: 'e' + i, sources: [s], targets: [t] })),
    });
    const ms = performance.now() - started;
    const at = new Map(laid.children.map((c) => [c.id, [c.x + 90, c.y + 22]]));
    return { ms, positions: nodes.map((id) => at.get(id)) };
  }
}`;

/** Edge crossings of a drawing, edges as straight lines between node centres: fewer reads easier. */
function crossings(positions: Array<[number, number]>, edges: Array<[number, number]>): number {
  const side = (a: number[], b: number[], c: number[]) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  let count = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [a, b] = edges[i];
      const [c, d] = edges[j];
      if (a === c || a === d || b === c || b === d) continue;
      const [pa, pb, pc, pd] = [positions[a], positions[b], positions[c], positions[d]];
      if (side(pa, pb, pc) * side(pa, pb, pd) < 0 && side(pc, pd, pa) * side(pc, pd, pb) < 0) count++;
    }
  }
  return count;
}

async function main() {
  const { startGrafanaHost, ensurePluginBuilt } = loadHost();
  await ensurePluginBuilt();
  const host = await startGrafanaHost({});
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pane-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 } });
  try {
    const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log('Lineage panel benchmark');
    console.log(`machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}; Node ${process.version}; ${version} headless`);
    console.log(`panel: dist/panel/module.js in the Grafana stand-in host, ${width}x${height} px, device pixel ratio 1; synthetic lineage, median of ${runs} runs (a new graph each run)`);
    console.log('');

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${host.url}/?theme=dark`);
    await page.waitForFunction('Boolean(window.grafanaHost && window.grafanaHost.ready)');
    await page.evaluate('window.grafanaHost.ready');
    // Load the plugin once (Grafana caches modules too), so the first size does not pay for it.
    await page.evaluate(`(${showAndTime})(${JSON.stringify({ frames: syntheticLineageFrames(syntheticLineage({ nodes: 20, seed: 999 })), options: {}, width, height })})`);

    const widths = [8, 8, 7, 10, 9, 15, 22];
    console.log('first paint: frames handed to the panel -> graph on screen');
    console.log(pad(['nodes', 'edges', 'engine', 'layout ms', 'draw ms', 'first paint ms', 'each run ms'], widths));
    const figures: PaintFigures[] = [];
    for (const nodes of sizes) {
      const samples: PaintFigures[] = [];
      for (let run = 0; run < runs; run++) {
        const frames = syntheticLineageFrames(syntheticLineage({ nodes, seed: 1000 + run }));
        // Everything drawn: maxNodes above the size, so no namespace is collapsed.
        const args = JSON.stringify({ frames, options: { maxNodes: nodes + 1 }, width, height });
        samples.push(await page.evaluate(`(${showAndTime})(${args})`));
      }
      const row: PaintFigures = {
        nodes: samples[0].nodes,
        edges: samples[0].edges,
        engine: samples[0].engine,
        layoutMs: median(samples.map((s) => s.layoutMs)),
        drawMs: median(samples.map((s) => s.drawMs)),
        firstPaintMs: median(samples.map((s) => s.firstPaintMs)),
      };
      figures.push(row);
      const each = samples.map((sample) => ms(sample.firstPaintMs)).join(' / ');
      console.log(pad([row.nodes.toLocaleString('en-US'), row.edges.toLocaleString('en-US'), row.engine, ms(row.layoutMs), ms(row.drawMs), ms(row.firstPaintMs), each], widths));
    }
    const budget = figures.find((f) => f.nodes === 2000);
    if (budget) {
      console.log(`budget: 2,000 nodes / 4,000 edges laid out and first painted in ${ms(budget.firstPaintMs)} ms (target < 1,000 ms)`);
    }
    // Cold: a fresh page whose first panel ever is the 2,000-node graph (plugin module loading and
    // unwarmed JIT included), as when a dashboard opens.
    const cold = await context.newPage();
    await cold.goto(`${host.url}/?theme=dark`);
    await cold.waitForFunction('Boolean(window.grafanaHost && window.grafanaHost.ready)');
    await cold.evaluate('window.grafanaHost.ready');
    const coldArgs = (seed: number) => JSON.stringify({ frames: syntheticLineageFrames(syntheticLineage({ nodes: 2000, seed })), options: {}, width, height });
    const coldFirst = (await cold.evaluate(`(${showAndTime})(${coldArgs(77)})`)) as PaintFigures;
    const coldSecond = (await cold.evaluate(`(${showAndTime})(${coldArgs(78)})`)) as PaintFigures;
    console.log(
      `cold page, 2,000 nodes: first panel ever ${ms(coldFirst.firstPaintMs)} ms (layout ${ms(coldFirst.layoutMs)} ms, loading the plugin module included); the next graph ${ms(coldSecond.firstPaintMs)} ms`,
    );
    await cold.close();

    const biggest = Math.max(...sizes);
    console.log('');
    console.log(`interaction at ${biggest.toLocaleString('en-US')} nodes (the last graph drawn)`);
    const fit = await page.evaluate(`(${redrawAfter})('none')`);
    const zoomed = (await page.evaluate(`(${redrawAfter})('zoom-in')`)) as { drawMs: number; zoom: number; frameMs: number };
    const panned = (await page.evaluate(`(${redrawAfter})('pan')`)) as { drawMs: number; zoom: number; frameMs: number };
    const focus = (await page.evaluate(`(${focusAndImpact})('job_${Math.floor(biggest * 0.1)}')`)) as { focusMs: number; impactMs: number; impact: string };
    console.log(
      `  drawing calls at fit: ${ms((fit as { drawMs: number }).drawMs)} ms; wheel zoom-in: ${ms(zoomed.drawMs)} ms of calls, ${ms(zoomed.frameMs)} ms to the next frame on screen; arrow-key pan: ${ms(panned.drawMs)} ms of calls, ${ms(panned.frameMs)} ms to screen`,
    );
    console.log(`  search + focus + centre: ${ms(focus.focusMs)} ms; impact mode on: ${ms(focus.impactMs)} ms (${focus.impact.replace(/\s+/g, ' ').trim().slice(0, 90)})`);
    if (biggest > 2000) {
      const collapsed = (await page.evaluate(`(${showAndTime})(${JSON.stringify({ frames: syntheticLineageFrames(syntheticLineage({ nodes: biggest, seed: 7 })), options: {}, width, height })})`)) as PaintFigures;
      console.log(
        `  with the default maximum of 2,000 nodes: ${collapsed.nodes.toLocaleString('en-US')} of ${biggest.toLocaleString('en-US')} drawn (the biggest namespaces collapsed into groups), first paint ${ms(collapsed.firstPaintMs)} ms`,
      );
    }

    if (engineSizes.length > 0) {
      console.log('');
      console.log('layout engines alone, same synthetic graphs, same Chromium (ms; the fast layout is measured inside the panel above)');
      const engines = ['dagre', 'dagre-longest-path', 'elk', 'elk-fast'];
      const engineWidths = [8, 8, 8, 10, 19, 14, 16];
      console.log(pad(['nodes', 'edges', 'fast', 'dagre', 'dagre longest-path', 'elkjs layered', 'elkjs fast opts'], engineWidths));
      const bare = await context.newPage();
      await bare.goto('about:blank');
      await bare.addScriptTag({ path: path.join(repoRoot, 'node_modules', '@dagrejs', 'dagre', 'dist', 'dagre.min.js') });
      await bare.addScriptTag({ path: path.join(repoRoot, 'node_modules', 'elkjs', 'lib', 'elk.bundled.js') });
      // Warm both up (JIT, ELK's GWT start-up).
      const warm = syntheticLineage({ nodes: 30, seed: 5 });
      for (const engine of engines) {
        await bare.evaluate(`(${engineTimings})(${JSON.stringify({ nodes: warm.nodes.map((n) => n.id), edges: warm.edges.map((e) => [e.source, e.target]), engine })})`);
      }
      const crossingRows: string[][] = [];
      for (const nodes of engineSizes) {
        const graph = syntheticLineage({ nodes, seed: 1000 });
        const ids = graph.nodes.map((n) => n.id);
        const index = new Map(ids.map((id, i) => [id, i]));
        const pairs = graph.edges.map((e) => [index.get(e.source) as number, index.get(e.target) as number] as [number, number]);
        const args = { nodes: ids, edges: graph.edges.map((e) => [e.source, e.target]) };
        const results: Array<{ ms: number; positions: Array<[number, number]> }> = [];
        for (const engine of engines) {
          results.push((await bare.evaluate(`(${engineTimings})(${JSON.stringify({ ...args, engine })})`)) as { ms: number; positions: Array<[number, number]> });
        }
        const fastRun = (await page.evaluate(`(${showAndTime})(${JSON.stringify({ frames: syntheticLineageFrames(graph), options: { layoutEngine: 'fast', maxNodes: nodes + 1 }, width, height })})`)) as PaintFigures;
        console.log(pad([nodes.toLocaleString('en-US'), graph.edges.length.toLocaleString('en-US'), ms(fastRun.layoutMs), ...results.map((r) => ms(r.ms))], engineWidths));
        if (pairs.length <= 5000) {
          const fast = fastLayeredLayout({ direction: 'LR', nodes: graph.nodes.map((n) => ({ width: 180, height: 44, group: n.namespace })), edges: pairs.map(([source, target]) => ({ source, target })) });
          const fastPositions = ids.map((_, i) => [fast.x[i], fast.y[i]] as [number, number]);
          crossingRows.push([nodes.toLocaleString('en-US'), graph.edges.length.toLocaleString('en-US'), ...[fastPositions, ...results.map((r) => r.positions)].map((p) => crossings(p, pairs).toLocaleString('en-US'))]);
        }
      }
      if (crossingRows.length > 0) {
        console.log('edge crossings of the same layouts (straight lines between node centres; fewer reads easier)');
        crossingRows.forEach((row) => console.log(pad(row, engineWidths)));
      }
      await bare.close();
    }
    if (errors.length > 0) {
      console.log(`page errors: ${errors.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    await host.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
