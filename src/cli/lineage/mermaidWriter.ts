import type { LineageModel } from './lineageModel';
import { colorsOf, healthFill } from './healthColors';

/**
 * Mermaid flowchart of a lineage graph (pastes into Markdown on GitHub, GitLab, Notion…).
 * Node ids are generated (`n0`, `n1`…) because Mermaid ids cannot hold the characters node ids
 * do; names go into quoted labels with every character Mermaid or HTML could read as syntax
 * written as an entity code (`#quot;`, `#lt;`…), so `"`, `[`, `]` or `<img …>` in a name is
 * shown as text, never parsed or rendered.
 */
const entityCodes: Record<string, string> = {
  '#': '#35;',
  '&': '#38;',
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '`': '#96;',
  '[': '#91;',
  ']': '#93;',
  '{': '#123;',
  '}': '#125;',
  '(': '#40;',
  ')': '#41;',
  '|': '#124;',
  ';': '#59;',
  '\\': '#92;',
};

export function mermaidText(text: string): string {
  return text.replace(/\r\n|\r|\n|\t/g, ' ').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[#&"<>`[\]{}()|;\\]/g, (c) => entityCodes[c]);
}

export function toMermaid(model: LineageModel): string {
  const out: string[] = ['flowchart LR'];
  const nodes = [...model.nodes].sort((a, b) => a.depth - b.depth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = new Map(nodes.map((node, index) => [node.id, `n${index}`]));
  for (const node of nodes) {
    const text = `"${mermaidText(node.name)}<br/><small>${mermaidText(node.namespace)}</small>${node.status ? `<br/>${mermaidText(node.status)}` : ''}"`;
    const id = ids.get(node.id)!;
    out.push(node.kind === 'job' ? `  ${id}(${text})` : `  ${id}[(${text})]`);
  }
  const edges = [...model.edges]
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .sort((a, b) => (a.source + a.target < b.source + b.target ? -1 : 1));
  for (const edge of edges) out.push(`  ${ids.get(edge.source)} --> ${ids.get(edge.target)}`);

  const byHealth = new Map<string, string[]>();
  for (const node of nodes) {
    const health = healthFill[node.health] ? node.health : 'unknown';
    byHealth.set(health, [...(byHealth.get(health) ?? []), ids.get(node.id)!]);
  }
  for (const [health, members] of [...byHealth].sort(([a], [b]) => a.localeCompare(b))) {
    const colors = colorsOf(health);
    out.push(`  classDef ${health} fill:${colors.fill},stroke:${colors.stroke},color:${colors.text}`);
    out.push(`  class ${members.join(',')} ${health}`);
  }
  const center = nodes.find((n) => n.center);
  if (center) out.push(`  style ${ids.get(center.id)} stroke-width:4px`);
  return `${out.join('\n')}\n`;
}
