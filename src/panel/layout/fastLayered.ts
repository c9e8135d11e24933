import type { LayoutInput, LayoutResult } from './types';

/**
 * A linear-time layered (Sugiyama-style) layout for graphs too big for dagre or ELK in a
 * frame budget: depth-first cycle breaking, longest-path layering with sources pulled next to
 * their first reader, a few barycenter sweeps to cut crossings, and coordinates placed by
 * isotonic regression (each node as near its neighbours' mean as the layer's spacing allows).
 * Long edges get no dummy nodes: the renderer draws them as curves. Thousands of nodes take
 * tens of milliseconds; see src/panel/layout/README.md for the figures.
 */

/** Compressed adjacency: for node v, neighbours are list[start[v] .. start[v + 1]). */
interface Adjacency {
  start: Int32Array;
  list: Int32Array;
}

function adjacency(count: number, from: Int32Array, to: Int32Array, edgeCount: number): Adjacency {
  const start = new Int32Array(count + 1);
  for (let e = 0; e < edgeCount; e++) {start[from[e] + 1]++;}
  for (let v = 0; v < count; v++) {start[v + 1] += start[v];}
  const fill = start.slice(0, count);
  const list = new Int32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {list[fill[from[e]]++] = to[e];}
  return { start, list };
}

/** Edges as index pairs without self loops or duplicates, and with cycles broken (back edges reversed). */
function acyclicEdges(count: number, input: LayoutInput): { from: Int32Array; to: Int32Array; length: number; reversed: Uint8Array } {
  const seen = new Set<number>();
  const pairs: number[] = [];
  for (const edge of input.edges) {
    const { source, target } = edge;
    if (source === target || source < 0 || target < 0 || source >= count || target >= count) {
      continue;
    }
    const key = source * count + target;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    pairs.push(source, target);
  }
  const length = pairs.length / 2;
  const from = new Int32Array(length);
  const to = new Int32Array(length);
  for (let e = 0; e < length; e++) {
    from[e] = pairs[2 * e];
    to[e] = pairs[2 * e + 1];
  }
  // Iterative DFS; an edge into a node still on the stack closes a cycle and is reversed.
  const out = adjacency(count, from, to, length);
  const edgeIndex = new Int32Array(length);
  {
    const fill = out.start.slice(0, count);
    for (let e = 0; e < length; e++) {
      edgeIndex[fill[from[e]]++] = e;
    }
  }
  const state = new Uint8Array(count); // 0 new, 1 on stack, 2 done
  const cursor = new Int32Array(count);
  const stack = new Int32Array(count);
  const reversed = new Uint8Array(length);
  for (let root = 0; root < count; root++) {
    if (state[root] !== 0) {
      continue;
    }
    let top = 0;
    stack[0] = root;
    state[root] = 1;
    cursor[root] = out.start[root];
    while (top >= 0) {
      const v = stack[top];
      if (cursor[v] < out.start[v + 1]) {
        const slot = cursor[v]++;
        const w = out.list[slot];
        if (state[w] === 0) {
          state[w] = 1;
          cursor[w] = out.start[w];
          stack[++top] = w;
        } else if (state[w] === 1) {
          reversed[edgeIndex[slot]] = 1;
        }
      } else {
        state[v] = 2;
        top--;
      }
    }
  }
  for (let e = 0; e < length; e++) {
    if (reversed[e]) {
      const f = from[e];
      from[e] = to[e];
      to[e] = f;
    }
  }
  return { from, to, length, reversed };
}

/** Longest path from the sources; a source then moves up to just before its nearest reader. */
function layering(count: number, out: Adjacency, inn: Adjacency): Int32Array {
  const rank = new Int32Array(count);
  const indegree = new Int32Array(count);
  for (let v = 0; v < count; v++) {
    indegree[v] = inn.start[v + 1] - inn.start[v];
  }
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  for (let v = 0; v < count; v++) {
    if (indegree[v] === 0) {
      queue[tail++] = v;
    }
  }
  while (head < tail) {
    const v = queue[head++];
    for (let i = out.start[v]; i < out.start[v + 1]; i++) {
      const w = out.list[i];
      if (rank[v] + 1 > rank[w]) {
        rank[w] = rank[v] + 1;
      }
      if (--indegree[w] === 0) {
        queue[tail++] = w;
      }
    }
  }
  // Pull each source (a dataset nothing writes, typically) next to its nearest reader.
  for (let q = tail - 1; q >= 0; q--) {
    const v = queue[q];
    if (inn.start[v + 1] !== inn.start[v] || out.start[v + 1] === out.start[v]) {
      continue;
    }
    let nearest = Infinity;
    for (let i = out.start[v]; i < out.start[v + 1]; i++) {
      nearest = Math.min(nearest, rank[out.list[i]]);
    }
    rank[v] = Math.max(0, nearest - 1);
  }
  // Start at layer 0.
  let min = Infinity;
  for (let v = 0; v < count; v++) {
    min = Math.min(min, rank[v]);
  }
  if (min > 0 && min !== Infinity) {
    for (let v = 0; v < count; v++) {
      rank[v] -= min;
    }
  }
  return rank;
}

/**
 * Isotonic regression by pool-adjacent-violators: positions as near `wanted` as possible
 * (least squares) with at least `gap[i]` between node i and node i + 1.
 */
function placeInOrder(wanted: Float64Array, gap: Float64Array, n: number, out: Float64Array): void {
  // Shift out the gaps: z_i = y_i - offset_i must be non-decreasing.
  const offset = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    offset[i] = offset[i - 1] + gap[i - 1];
  }
  const blockValue = new Float64Array(n);
  const blockWeight = new Int32Array(n);
  const blockEnd = new Int32Array(n);
  let blocks = 0;
  for (let i = 0; i < n; i++) {
    blockValue[blocks] = wanted[i] - offset[i];
    blockWeight[blocks] = 1;
    blockEnd[blocks] = i;
    blocks++;
    while (blocks > 1 && blockValue[blocks - 2] > blockValue[blocks - 1]) {
      const w = blockWeight[blocks - 2] + blockWeight[blocks - 1];
      blockValue[blocks - 2] = (blockValue[blocks - 2] * blockWeight[blocks - 2] + blockValue[blocks - 1] * blockWeight[blocks - 1]) / w;
      blockWeight[blocks - 2] = w;
      blockEnd[blocks - 2] = blockEnd[blocks - 1];
      blocks--;
    }
  }
  let i = 0;
  for (let b = 0; b < blocks; b++) {
    for (; i <= blockEnd[b]; i++) {
      out[i] = blockValue[b] + offset[i];
    }
  }
}

export function fastLayeredLayout(input: LayoutInput): LayoutResult {
  const started = performance.now();
  const count = input.nodes.length;
  const horizontal = input.direction !== 'TB';
  const rankGap = input.rankGap ?? 80;
  const nodeGap = input.nodeGap ?? 12;
  // Along the layer axis a node takes its height (LR) or width (TB); across, the other.
  const along = new Float64Array(count);
  const across = new Float64Array(count);
  input.nodes.forEach((node, v) => {
    along[v] = horizontal ? node.height : node.width;
    across[v] = horizontal ? node.width : node.height;
  });

  const { from, to, length, reversed } = acyclicEdges(count, input);
  const out = adjacency(count, from, to, length);
  const inn = adjacency(count, to, from, length);
  const rank = layering(count, out, inn);

  let layerCount = 0;
  for (let v = 0; v < count; v++) {
    layerCount = Math.max(layerCount, rank[v] + 1);
  }
  // Initial order: breadth-first from the sources, so connected nodes start near each other.
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  {
    const visited = new Uint8Array(count);
    const queue = new Int32Array(count);
    let tail = 0;
    const visit = (v: number) => {
      if (!visited[v]) {
        visited[v] = 1;
        queue[tail++] = v;
      }
    };
    // Group key first (namespace), so nodes of one namespace start together.
    const roots = Array.from({ length: count }, (_, v) => v).filter((v) => inn.start[v + 1] === inn.start[v]);
    if (input.nodes.some((node) => node.group !== undefined)) {
      roots.sort((a, b) => compareGroups(input.nodes[a].group, input.nodes[b].group) || a - b);
    }
    let head = 0;
    for (const root of roots) {
      visit(root);
      while (head < tail) {
        const v = queue[head++];
        layers[rank[v]].push(v);
        for (let i = out.start[v]; i < out.start[v + 1]; i++) {
          visit(out.list[i]);
        }
      }
    }
    for (let v = 0; v < count; v++) {
      if (!visited[v]) {
        layers[rank[v]].push(v);
      }
    }
  }

  // Position within layer, centred so layers of different sizes compare.
  const position = new Float64Array(count);
  const setPositions = (layer: number[]) => {
    const middle = (layer.length - 1) / 2;
    layer.forEach((v, i) => {
      position[v] = i - middle;
    });
  };
  layers.forEach(setPositions);
  const key = new Float64Array(count);
  const sweep = (layerIndex: number, neighbours: Adjacency[]) => {
    const layer = layers[layerIndex];
    for (const v of layer) {
      let sum = 0;
      let n = 0;
      for (const adj of neighbours) {
        for (let i = adj.start[v]; i < adj.start[v + 1]; i++) {
          sum += position[adj.list[i]];
          n++;
        }
      }
      key[v] = n > 0 ? sum / n : position[v];
    }
    layer.sort((a, b) => key[a] - key[b] || position[a] - position[b]);
    setPositions(layer);
  };
  const sweeps = input.sweeps ?? (count > 5000 ? 4 : 8);
  for (let s = 0; s < sweeps; s++) {
    if (s % 2 === 0) {
      for (let l = 1; l < layerCount; l++) {
        sweep(l, [inn]);
      }
    } else {
      for (let l = layerCount - 2; l >= 0; l--) {
        sweep(l, [out]);
      }
    }
  }

  // Coordinates across layers: each layer as wide as its widest node.
  const layerAt = new Float64Array(layerCount);
  {
    let cursor = 0;
    for (let l = 0; l < layerCount; l++) {
      let widest = 0;
      for (const v of layers[l]) {
        widest = Math.max(widest, across[v]);
      }
      layerAt[l] = cursor + widest / 2;
      cursor += widest + rankGap;
    }
  }
  // Coordinates along layers: pack, then pull each node toward its neighbours' mean.
  const coordinate = new Float64Array(count);
  const maxLayer = layers.reduce((m, layer) => Math.max(m, layer.length), 0);
  const wanted = new Float64Array(maxLayer);
  const gaps = new Float64Array(maxLayer);
  const placed = new Float64Array(maxLayer);
  const pack = (layer: number[]) => {
    let total = 0;
    layer.forEach((v, i) => {
      total += along[v] + (i > 0 ? nodeGap : 0);
    });
    let cursor = -total / 2;
    for (const v of layer) {
      coordinate[v] = cursor + along[v] / 2;
      cursor += along[v] + nodeGap;
    }
  };
  layers.forEach(pack);
  const align = (layer: number[], neighbours: Adjacency[]) => {
    const n = layer.length;
    for (let i = 0; i < n; i++) {
      const v = layer[i];
      let sum = 0;
      let k = 0;
      for (const adj of neighbours) {
        for (let j = adj.start[v]; j < adj.start[v + 1]; j++) {
          sum += coordinate[adj.list[j]];
          k++;
        }
      }
      wanted[i] = k > 0 ? sum / k : coordinate[v];
      if (i < n - 1) {
        gaps[i] = (along[v] + along[layer[i + 1]]) / 2 + nodeGap;
      }
    }
    placeInOrder(wanted, gaps, n, placed);
    for (let i = 0; i < n; i++) {
      coordinate[layer[i]] = placed[i];
    }
  };
  for (let l = 1; l < layerCount; l++) {
    align(layers[l], [inn]);
  }
  for (let l = layerCount - 2; l >= 0; l--) {
    align(layers[l], [out]);
  }
  for (let l = 1; l < layerCount; l++) {
    align(layers[l], [inn, out]);
  }

  const x = new Float64Array(count);
  const y = new Float64Array(count);
  for (let v = 0; v < count; v++) {
    x[v] = horizontal ? layerAt[rank[v]] : coordinate[v];
    y[v] = horizontal ? coordinate[v] : layerAt[rank[v]];
  }
  const reversedEdges = new Set<number>();
  // Report which input edges were turned around to break cycles (by source/target pair).
  if (reversed.some((r) => r === 1)) {
    const pairs = new Set<number>();
    for (let e = 0; e < length; e++) {
      if (reversed[e]) {
        pairs.add(to[e] * count + from[e]);
      }
    }
    input.edges.forEach((edge, index) => {
      if (pairs.has(edge.source * count + edge.target)) {
        reversedEdges.add(index);
      }
    });
  }
  return normalise({ engine: 'fast', x, y, input, reversedEdges, layers: layerCount, started });
}

const compareGroups = (a: string | undefined, b: string | undefined) => (a ?? '').localeCompare(b ?? '');

/** Moves the drawing so its top-left corner is at (0, 0) and measures its size. */
export function normalise({
  engine,
  x,
  y,
  input,
  reversedEdges,
  layers,
  started,
  routes,
}: {
  engine: LayoutResult['engine'];
  x: Float64Array;
  y: Float64Array;
  input: LayoutInput;
  reversedEdges: Set<number>;
  layers: number;
  started: number;
  routes?: LayoutResult['routes'];
}): LayoutResult {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  input.nodes.forEach((node, v) => {
    minX = Math.min(minX, x[v] - node.width / 2);
    minY = Math.min(minY, y[v] - node.height / 2);
    maxX = Math.max(maxX, x[v] + node.width / 2);
    maxY = Math.max(maxY, y[v] + node.height / 2);
  });
  if (input.nodes.length === 0) {
    minX = minY = maxX = maxY = 0;
  }
  for (let v = 0; v < x.length; v++) {
    x[v] -= minX;
    y[v] -= minY;
  }
  const shiftedRoutes = routes?.map((points) => (points ? points.map((p) => ({ x: p.x - minX, y: p.y - minY })) : undefined));
  return {
    engine,
    x,
    y,
    width: maxX - minX,
    height: maxY - minY,
    layers,
    reversedEdges,
    routes: shiftedRoutes,
    ms: performance.now() - started,
  };
}
