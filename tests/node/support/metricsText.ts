import { spawn } from 'node:child_process';

/** `promtool check metrics` on an exposition: its findings (empty when clean) and exit code. */
export function promtoolCheckMetrics(exposition: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(exposition);
  });
}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of one metric in a Prometheus text exposition. */
export function samples(exposition: string, name: string): Sample[] {
  const found: Sample[] = [];
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const match = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    found.push({ labels, value: Number(match[2]) });
  }
  return found;
}

/** The value of the first sample of `name` whose labels include `labels`. */
export const sampleValue = (exposition: string, name: string, labels: Record<string, string>): number | undefined =>
  samples(exposition, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
