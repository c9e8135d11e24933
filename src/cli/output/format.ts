/** How values read in tables: short, unambiguous, the same in every command. */

const two = (n: number) => String(n).padStart(2, '0');

/** `2024-11-20 14:03:07` in the local time zone (what a person at a terminal reads). */
export function formatTimestamp(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** `850ms`, `42s`, `4m 12s`, `3h 5m`, `2d 4h` */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

export const formatSeconds = (seconds: number | null | undefined): string =>
  seconds === null || seconds === undefined ? '' : formatDuration(seconds * 1000);

/** `3h 5m ago`, `in 2m` */
export function formatAgo(ms: number | null | undefined, now: number): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const delta = now - ms;
  if (Math.abs(delta) < 1000) return 'just now';
  return delta >= 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(-delta)}`;
}

/** `95.2%`; `100%` and `0%` without decimals */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '';
  const percent = ratio * 100;
  return percent === 100 || percent === 0 ? `${percent}%` : `${percent.toFixed(1)}%`;
}

/** `1,234,567` */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  return Math.round(n).toLocaleString('en-US');
}

export const shortRunId = (runId: string | null | undefined): string => (runId ? runId.slice(0, 8) : '');

/** `job:<namespace>:<name>` or `dataset:…` → the name as a person says it, namespace after. */
export const nodeLabel = (name: string, namespace: string): string => `${name} (${namespace})`;
