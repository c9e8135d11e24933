import { describe, expect, test } from 'vitest';
import { dotString, toDot } from './dotWriter';
import { mermaidText, toMermaid } from './mermaidWriter';
import { hostileModel, hostileNames } from './__fixtures__/lineageTestModel';

/** Every quoted string of a DOT text, as DOT reads it (\" → ", \\ → \, \n → line break). */
function dotStrings(dot: string): { strings: string[]; outside: string } {
  const strings: string[] = [];
  const outside = dot.replace(/"((?:[^"\\]|\\.)*)"/gs, (_, body: string) => {
    strings.push(body.replace(/\\(.)/gs, (__, c: string) => (c === 'n' ? '\n' : c)));
    return 'S';
  });
  return { strings, outside };
}

describe('DOT', () => {
  test('quotes and backslashes are escaped, line breaks become \\n', () => {
    expect(dotString('a "b" c')).toBe('"a \\"b\\" c"');
    expect(dotString('back\\slash')).toBe('"back\\\\slash"');
    expect(dotString('ends\\')).toBe('"ends\\\\"');
    expect(dotString('two\nlines')).toBe('"two\\nlines"');
    expect(dotString('<img src=x>')).toBe('"<img src=x>"');
  });

  test('hostile names stay inside their quoted strings and read back unchanged', () => {
    const model = hostileModel();
    const dot = toDot(model);
    const { strings, outside } = dotStrings(dot);
    // outside strings: only DOT punctuation, keywords and numbers; no HTML label, no stray quote
    expect(outside.replace(/ -> /g, ' ')).not.toMatch(/[<>"\\]/);
    expect(outside).toMatch(/^digraph S \{/);
    for (const node of model.nodes) expect(strings).toContain(node.id);
    for (const name of hostileNames) expect(strings.some((s) => s.startsWith(`${name}\nwarehouse\n`))).toBe(true);
    // every edge names two declared nodes
    const edges = [...dot.matchAll(/^ {2}("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*");$/gm)];
    expect(edges).toHaveLength(model.edges.length);
    const declared = new Set([...dot.matchAll(/^ {2}("(?:[^"\\]|\\.)*") \[/gm)].map((m) => m[1]));
    for (const [, source, target] of edges) {
      expect(declared.has(source)).toBe(true);
      expect(declared.has(target)).toBe(true);
    }
  });

  test('jobs are boxes, datasets cylinders, filled by health, the centre drawn thicker', () => {
    const dot = toDot(hostileModel());
    expect(dot).toMatch(/"job:airflow-prod:load \\"all\\"" \[.*shape=box.*fillcolor="#F2495C".*penwidth=3\];/);
    expect(dot).toMatch(/"dataset:warehouse:orders \\"quoted\\"" \[.*shape=cylinder.*fillcolor="#CCCCDC"/);
  });
});

describe('Mermaid', () => {
  test('syntax and HTML characters become entity codes', () => {
    expect(mermaidText('<img src=x onerror=alert(1)>')).toBe('#lt;img src=x onerror=alert#40;1#41;#gt;');
    expect(mermaidText('say "hi"')).toBe('say #quot;hi#quot;');
    expect(mermaidText('a[b]{c}|d;e#f&g`h\\i')).toBe('a#91;b#93;#123;c#125;#124;d#59;e#35;f#38;g#96;h#92;i');
    expect(mermaidText('two\nlines')).toBe('two lines');
  });

  test('a graph of hostile names has generated ids and no raw syntax inside labels', () => {
    const model = hostileModel();
    const text = toMermaid(model);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    const nodeLines = lines.filter((l) => /^ {2}n\d+[[(]/.test(l));
    expect(nodeLines).toHaveLength(model.nodes.length);
    for (const line of nodeLines) {
      const label = /^ {2}n\d+(?:\(|\[\()"(.*)"(?:\)|\)\])$/.exec(line);
      expect(label, line).not.toBeNull();
      // inside the label only our own <br/> and <small> tags, never a quote
      const inner = label![1].replace(/<br\/>|<\/?small>/g, '').replace(/#\w+;/g, '');
      expect(inner).not.toMatch(/[<>"[\]{}()|;`\\#&]/);
    }
    expect(text).not.toContain('<img');
    expect(text).toContain('#lt;img src=x onerror=alert#40;1#41;#gt;');
    const edges = lines.filter((l) => / --> /.test(l));
    expect(edges).toHaveLength(model.edges.length);
    for (const edge of edges) expect(edge).toMatch(/^ {2}n\d+ --> n\d+$/);
    expect(text).toMatch(/classDef failing fill:#F2495C/);
    expect(text).toMatch(/class n0 failing/);
    expect(text).toMatch(/style n0 stroke-width:4px/);
  });
});
