import type { OutputStream } from '../cliIo';

/**
 * Colour only for a person at a terminal: never when the stream is a pipe or file, never with
 * NO_COLOR set (https://no-color.org) or TERM=dumb.
 */
export function colorEnabled(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  if (!stream.isTTY) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

export type Paint = (text: string) => string;

export interface Style {
  enabled: boolean;
  red: Paint;
  green: Paint;
  yellow: Paint;
  blue: Paint;
  gray: Paint;
  bold: Paint;
  dim: Paint;
}

const sgr = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Paint = (text) => text;

export function createStyle(enabled: boolean): Style {
  if (!enabled) return { enabled, red: plain, green: plain, yellow: plain, blue: plain, gray: plain, bold: plain, dim: plain };
  return {
    enabled,
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    blue: sgr(34, 39),
    gray: sgr(90, 39),
    bold: sgr(1, 22),
    dim: sgr(2, 22),
  };
}

/** One colour per meaning, wherever a state, status or health is shown. */
export function paintFor(style: Style, value: string | null | undefined): Paint {
  switch ((value ?? '').toLowerCase()) {
    case 'complete':
    case 'fresh':
    case 'healthy':
    case 'passed':
    case 'ok':
    case 'success':
    case 'stored':
      return style.green;
    case 'fail':
    case 'failed':
    case 'failing':
    case 'stale':
    case 'error':
    case 'critical':
      return style.red;
    case 'abort':
    case 'warning':
    case 'warn':
    case 'duplicate':
      return style.yellow;
    case 'start':
    case 'running':
      return style.blue;
    case 'unknown':
    case 'other':
      return style.gray;
    default:
      return plain;
  }
}
