/**
 * Durations as people write them in SLA config: `90m`, `6h`, `2d`, `1w`, `45s`, and
 * combinations from the largest unit down, `1h30m` or `1d 12h`. Anything else is refused,
 * so `"6 hours"` or `"6"` never silently means something unintended.
 */

const unitSeconds = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 } as const;
type Unit = keyof typeof unitSeconds;
const unitOrder: Unit[] = ['w', 'd', 'h', 'm', 's'];

export const durationHint = 'a duration like 90m, 6h or 2d';

/** Seconds, or undefined when the text is not a duration. Zero is not a duration either. */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().replace(/\s+/g, '');
  if (!/^(\d+[wdhms])+$/.test(compact)) return undefined;
  let seconds = 0;
  let lastUnit = -1;
  for (const [, count, unit] of compact.matchAll(/(\d+)([wdhms])/g)) {
    const order = unitOrder.indexOf(unit as Unit);
    // `30m1h` or `1h1h` are more likely typos than intent
    if (order <= lastUnit) return undefined;
    lastUnit = order;
    seconds += Number(count) * unitSeconds[unit as Unit];
  }
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}

/** The shortest exact spelling of a number of seconds: 5400 → `1h30m`, 172800 → `2d`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  let rest = Math.round(Math.abs(seconds));
  if (rest === 0) return '0s';
  let text = seconds < 0 ? '-' : '';
  for (const unit of unitOrder) {
    const size = unitSeconds[unit];
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}
