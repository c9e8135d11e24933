import type { LineageModel } from './lineageModel';
import { colorsOf } from './healthColors';

/**
 * Graphviz DOT of a lineage graph: jobs as rounded boxes, datasets as cylinders, filled by
 * health, edges the way data flows. Every id and label is a quoted DOT string: quotes and
 * backslashes are escaped (so `\N`, `\G` and friends stay literal) and line breaks become
 * `\n`; nothing is written as an HTML-like `<…>` label, so `<img …>` in a name is plain text.
 */
export function dotString(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n')
    // other control characters have no meaning in DOT and upset some renderers
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  return `"${escaped}"`;
}

/** a label of several lines: each line escaped, joined with DOT's centred line break */
const label = (...lines: string[]): string => dotString(lines.join('\n'));

export function toDot(model: LineageModel, options: { title?: string } = {}): string {
  const out: string[] = [];
  out.push(`digraph ${dotString(options.title ?? (model.center ? `lineage of ${model.center}` : 'lineage'))} {`);
  out.push('  rankdir=LR;');
  out.push('  graph [fontname="Helvetica"];');
  out.push('  node [fontname="Helvetica", fontsize=11, style="filled"];');
  out.push('  edge [color="#8E8E8E"];');
  const nodes = [...model.nodes].sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const node of nodes) {
    const colors = colorsOf(node.health);
    const attributes = [
      `label=${label(node.name, node.namespace, node.status ? `${node.health}: ${node.status}` : node.health)}`,
      `shape=${node.kind === 'job' ? 'box' : 'cylinder'}`,
      `style=${dotString(node.kind === 'job' ? 'rounded,filled' : 'filled')}`,
      `fillcolor=${dotString(colors.fill)}`,
      `color=${dotString(colors.stroke)}`,
      `fontcolor=${dotString(colors.text)}`,
      `tooltip=${dotString([node.id, node.healthReason, node.owners.length ? `owners: ${node.owners.join(', ')}` : ''].filter(Boolean).join('\n'))}`,
      ...(node.center ? ['penwidth=3'] : []),
    ];
    out.push(`  ${dotString(node.id)} [${attributes.join(', ')}];`);
  }
  const edges = [...model.edges].sort((a, b) => (a.source + a.target < b.source + b.target ? -1 : 1));
  for (const edge of edges) {
    out.push(`  ${dotString(edge.source)} -> ${dotString(edge.target)};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
