import { describe, expect, test } from 'vitest';
import { createStyle } from './style';
import { displayWidth, renderTable, sanitize, stripAnsi, truncate } from './table';

describe('renderTable', () => {
  test('aligns columns two spaces apart, numbers right-aligned, no trailing spaces', () => {
    const text = renderTable(
      [{ header: 'JOB' }, { header: 'RUNS', align: 'right' }, { header: 'STATE' }],
      [
        ['load_orders', 12, 'COMPLETE'],
        ['fct_revenue', 3, 'FAIL'],
      ],
    );
    expect(text).toBe(['JOB          RUNS  STATE', 'load_orders    12  COMPLETE', 'fct_revenue     3  FAIL', ''].join('\n'));
  });

  test('empty and missing cells stay aligned', () => {
    const text = renderTable([{ header: 'A' }, { header: 'B' }, { header: 'C' }], [[null, undefined, 'x'], ['long value', '', 'y']]);
    expect(text).toBe(['A           B  C', `${' '.repeat(15)}x`, 'long value     y', ''].join('\n'));
  });

  test('painted cells keep the alignment of plain ones', () => {
    const style = createStyle(true);
    const text = renderTable(
      [{ header: 'STATE' }, { header: 'N', align: 'right' }, { header: 'END' }],
      [
        [{ text: 'FAIL', paint: style.red }, { text: '7', paint: style.red }, 'x'],
        ['COMPLETE', '10', 'y'],
      ],
    );
    expect(text).toContain('\u001b[31mFAIL\u001b[39m');
    expect(stripAnsi(text)).toBe(['STATE      N  END', 'FAIL       7  x', 'COMPLETE  10  y', ''].join('\n'));
  });

  test('on a narrow terminal the widest flex column is cut with …, others are kept', () => {
    const error = 'column "discount_code" does not exist in relation orders_staging at line 4';
    const text = renderTable([{ header: 'JOB' }, { header: 'ERROR', flex: true }], [['transform_orders', error]], { maxWidth: 40 });
    const lines = text.trimEnd().split('\n');
    expect(lines[1].startsWith('transform_orders  column')).toBe(true);
    expect(lines[1].endsWith('…')).toBe(true);
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(40);
    // without a width (a pipe) nothing is cut
    expect(renderTable([{ header: 'JOB' }, { header: 'ERROR', flex: true }], [['t', error]])).toContain(error);
  });

  test('escape sequences and line breaks from the collector never reach the terminal raw', () => {
    const hostile = 'evil\u001b]0;pwned\u0007name\u001b[2J\r\nnext\tcol';
    const text = renderTable([{ header: 'NAME' }], [[hostile]]);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text.split('\n')).toHaveLength(3);
    expect(sanitize('a\nb\tc')).toBe('a b c');
  });

  test('wide characters take two columns', () => {
    expect(displayWidth('表')).toBe(2);
    expect(displayWidth('a\u0301')).toBe(1);
    expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
    const text = renderTable([{ header: 'NAME' }, { header: 'X' }], [['売上', '1'], ['sales', '2']]);
    expect(text.split('\n')[1]).toBe('売上   1');
    expect(truncate('売上データ集計', 6)).toBe('売上…');
  });
});
