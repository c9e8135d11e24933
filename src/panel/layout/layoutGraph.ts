import { dagreLayout } from './dagreLayout';
import { fastLayeredLayout } from './fastLayered';
import type { LayoutDirection, LayoutInput, LayoutResult } from './types';

/**
 * Picks the layout engine: dagre while the graph is small enough for it to finish within a
 * frame budget (measured: see README.md in this folder), the fast layered layout beyond.
 * Results are cached by graph structure, so a refresh that only changes health (the usual
 * case) reuses the layout and nothing moves under the user's eyes.
 */
export type LayoutEngineChoice = 'auto' | 'dagre' | 'fast';

/** Above these, dagre takes longer than ~250 ms on a 2-core machine (README.md). */
export const DAGRE_MAX_NODES = 120;
export const DAGRE_MAX_EDGES = 300;

/** Even when asked for, dagre is not run past this: it would take many seconds (README.md). */
export const DAGRE_HARD_LIMIT = 600;

export function chooseEngine(nodes: number, edges: number, choice: LayoutEngineChoice): 'dagre' | 'fast' {
  if (choice === 'fast') {
    return 'fast';
  }
  if (choice === 'dagre') {
    return nodes <= DAGRE_HARD_LIMIT ? 'dagre' : 'fast';
  }
  return nodes <= DAGRE_MAX_NODES && edges <= DAGRE_MAX_EDGES ? 'dagre' : 'fast';
}

const cache = new Map<string, LayoutResult>();
const CACHE_SIZE = 6;

export function layoutGraph(input: LayoutInput, options: { key?: string; engine?: LayoutEngineChoice } = {}): LayoutResult {
  const engine = chooseEngine(input.nodes.length, input.edges.length, options.engine ?? 'auto');
  const key = options.key === undefined ? undefined : `${options.key}|${input.direction}|${engine}`;
  if (key !== undefined) {
    const cached = cache.get(key);
    if (cached) {
      cache.delete(key);
      cache.set(key, cached);
      return cached;
    }
  }
  const result = engine === 'dagre' ? dagreLayout(input) : fastLayeredLayout(input);
  if (key !== undefined) {
    cache.set(key, result);
    if (cache.size > CACHE_SIZE) {
      cache.delete(cache.keys().next().value as string);
    }
  }
  return result;
}

export type { LayoutDirection, LayoutInput, LayoutResult };
