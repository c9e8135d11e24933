import type { Paint } from './style';

/**
 * Aligned plain-text tables (like `kubectl get`): a header row, columns two spaces apart,
 * numbers right-aligned. On a terminal the widest `flex` columns are cut with `…` to fit;
 * in a pipe nothing is cut, so grep and awk see every character.
 */
export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** may be cut to fit the terminal (long free text: errors, messages) */
  flex?: boolean;
}

export type Cell = string | number | null | undefined | { text: string; paint?: Paint };

export interface TableOptions {
  /** the terminal's width; no cutting when absent */
  maxWidth?: number;
  /** paints the header (bold on a terminal) */
  headerPaint?: Paint;
}

const gap = '  ';
const minFlexWidth = 8;

/** Data from the collector never reaches the terminal raw: control characters (escape sequences) are neutralised. */
export function sanitize(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}

const ansiPattern = /\u001b\[[0-9;]*m/g;
export const stripAnsi = (text: string): string => text.replace(ansiPattern, '');

/** Columns a string takes on a terminal: East Asian wide characters and most emoji take two, combining marks none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripAnsi(text)) {
    const code = char.codePointAt(0) as number;
    if ((code >= 0x300 && code <= 0x36f) || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Cuts a string to at most `width` columns, ending in `…` when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = displayWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

const pad = (text: string, width: number, align: 'left' | 'right'): string => {
  const room = Math.max(0, width - displayWidth(text));
  return align === 'right' ? ' '.repeat(room) + text : text + ' '.repeat(room);
};

interface PreparedCell {
  text: string;
  paint?: Paint;
}

function prepare(cell: Cell): PreparedCell {
  if (cell === null || cell === undefined) return { text: '' };
  if (typeof cell === 'object') return { text: sanitize(cell.text), paint: cell.paint };
  return { text: sanitize(String(cell)) };
}

export function renderTable(columns: Column[], rows: Cell[][], options: TableOptions = {}): string {
  const body = rows.map((row) => columns.map((_, i) => prepare(row[i])));
  const widths = columns.map((column, i) => Math.max(displayWidth(column.header), ...body.map((row) => displayWidth(row[i].text))));
  if (options.maxWidth !== undefined) fit(widths, columns, options.maxWidth);
  const lines: string[] = [];
  const render = (cells: PreparedCell[], header: boolean) =>
    cells
      .map((cell, i) => {
        const align = columns[i].align ?? 'left';
        const text = truncate(cell.text, widths[i]);
        const padded = pad(text, i === cells.length - 1 && align === 'left' ? 0 : widths[i], align);
        const paint = header ? options.headerPaint : cell.paint;
        if (!paint || text === '') return padded;
        // paint the text only, so padding stays plain and alignment holds
        return align === 'right' ? padded.slice(0, padded.length - text.length) + paint(text) : paint(text) + padded.slice(text.length);
      })
      .join(gap)
      .replace(/\s+$/, '');
  lines.push(render(columns.map((c) => ({ text: c.header })), true));
  for (const row of body) lines.push(render(row, false));
  return `${lines.join('\n')}\n`;
}

/** Shrinks the widest flex columns until the table fits `maxWidth`, none below minFlexWidth. */
function fit(widths: number[], columns: Column[], maxWidth: number): void {
  const total = () => widths.reduce((sum, w) => sum + w, 0) + gap.length * (widths.length - 1);
  const flexible = columns.map((c, i) => (c.flex ? i : -1)).filter((i) => i >= 0);
  while (total() > maxWidth) {
    const widest = flexible.filter((i) => widths[i] > minFlexWidth).sort((a, b) => widths[b] - widths[a])[0];
    if (widest === undefined) return;
    widths[widest] = Math.max(minFlexWidth, widths[widest] - (total() - maxWidth));
  }
}
