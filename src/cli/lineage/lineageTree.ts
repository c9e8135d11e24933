import { sanitize } from '../output/table';
import { type Style, paintFor } from '../output/style';
import type { LineageModel, LineageNode } from './lineageModel';

/**
 * `pane lineage show`: the centre node, then what feeds it (upstream) and what it feeds
 * (downstream) as indented trees with each node's health. A node reached a second time (a
 * diamond or a cycle) is printed once more, marked, and not expanded again.
 */
export interface TreeOptions {
  style: Style;
  direction: 'upstream' | 'downstream' | 'both';
}

export function nodeLine(node: LineageNode, style: Style): string {
  const kind = style.dim(node.kind === 'job' ? 'job    ' : 'dataset');
  const health = paintFor(style, node.health)(node.health);
  const status = node.status ? `  ${node.status}` : '';
  const detail = node.detail ? style.dim(` · ${sanitize(node.detail)}`) : '';
  const owners = node.owners.length > 0 ? style.dim(` · owners ${sanitize(node.owners.join(', '))}`) : '';
  return `${kind} ${style.bold(sanitize(node.name))} ${style.dim(`(${sanitize(node.namespace)})`)}  ${health}${sanitize(status)}${detail}${owners}`;
}

export function renderLineageTree(model: LineageModel, options: TreeOptions): string[] {
  const { style } = options;
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const center = model.center ?? model.nodes.find((n) => n.center)?.id;
  const root = center === undefined ? undefined : byId.get(center);
  if (!root) return [];
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const edge of model.edges) {
    if (!byId.has(edge.source) || !byId.has(edge.target)) continue;
    (children.get(edge.source) ?? children.set(edge.source, []).get(edge.source)!).push(edge.target);
    (parents.get(edge.target) ?? parents.set(edge.target, []).get(edge.target)!).push(edge.source);
  }
  const order = (ids: string[]) =>
    [...new Set(ids)].sort((a, b) => {
      const x = byId.get(a)!;
      const y = byId.get(b)!;
      return x.name.localeCompare(y.name) || x.namespace.localeCompare(y.namespace);
    });

  const lines = [nodeLine(root, style)];
  const walk = (title: string, next: Map<string, string[]>) => {
    const first = order(next.get(root.id) ?? []);
    lines.push('');
    lines.push(style.bold(title));
    if (first.length === 0) {
      lines.push(style.dim('  (nothing)'));
      return;
    }
    const seen = new Set<string>([root.id]);
    const visit = (id: string, prefix: string, last: boolean) => {
      const node = byId.get(id)!;
      const branch = last ? '└── ' : '├── ';
      const repeated = seen.has(id);
      lines.push(`${prefix}${style.dim(branch)}${nodeLine(node, style)}${repeated ? style.dim(id === root.id ? '  ↻ cycle back to the start' : '  ↑ shown above') : ''}`);
      if (repeated) return;
      seen.add(id);
      const kids = order(next.get(id) ?? []);
      kids.forEach((kid, i) => visit(kid, prefix + style.dim(last ? '    ' : '│   '), i === kids.length - 1));
    };
    first.forEach((id, i) => visit(id, '', i === first.length - 1));
  };
  if (options.direction !== 'downstream') walk('upstream (feeds it)', parents);
  if (options.direction !== 'upstream') walk('downstream (fed by it)', children);
  return lines;
}
