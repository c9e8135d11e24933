import type { LineageNode } from './graphModel';

/**
 * Finds nodes by name: case-insensitive, over the title, the name, the namespace and the full
 * id, best matches first (exact title, then title prefix, then a word in the title, then
 * anywhere in the title, then the id or namespace). Words in the query must all match.
 */
export interface SearchHit {
  index: number;
  /** where the first query word matched in the title, for highlighting (-1: matched elsewhere) */
  at: number;
  length: number;
  rank: number;
}

const wordStart = (haystack: string, at: number) => at === 0 || /[\s._:/#-]/.test(haystack[at - 1]);

export function searchNodes(nodes: readonly LineageNode[], query: string, limit = 20): SearchHit[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return [];
  }
  const whole = words.join(' ');
  const hits: SearchHit[] = [];
  for (const node of nodes) {
    const title = node.title.toLowerCase();
    const other = `${node.id} ${node.namespace} ${node.name}`.toLowerCase();
    if (!words.every((word) => title.includes(word) || other.includes(word))) {
      continue;
    }
    const at = title.indexOf(words[0]);
    let rank: number;
    if (title === whole) {
      rank = 0;
    } else if (title.startsWith(whole)) {
      rank = 1;
    } else if (at >= 0 && wordStart(title, at)) {
      rank = 2;
    } else if (at >= 0) {
      rank = 3;
    } else {
      rank = 4;
    }
    hits.push({ index: node.index, at, length: at >= 0 ? words[0].length : 0, rank });
  }
  hits.sort((a, b) => a.rank - b.rank || nodes[a.index].title.length - nodes[b.index].title.length || a.index - b.index);
  return hits.slice(0, limit);
}
