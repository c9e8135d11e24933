import { Command, InvalidArgumentError, Option } from 'commander';
import type { CollectorConnection } from './collectorClient';
import { usageError } from './exitCodes';

/** Options every command that talks to the collector takes, and their parsing. */
export const defaultCollectorUrl = 'http://127.0.0.1:7070';
export const defaultTimeoutSeconds = 30;

export interface ConnectionOptions {
  url?: string;
  token?: string;
  timeout?: number;
}

export interface OutputOptions {
  json?: boolean;
}

export function withCollectorOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', `collector address (env PANE_URL, default ${defaultCollectorUrl})`))
    .addOption(new Option('--token <token>', 'API token (env PANE_TOKEN)'))
    .addOption(new Option('--timeout <seconds>', `per request (default ${defaultTimeoutSeconds})`).argParser(positiveNumber('--timeout')));
}

export const withJsonOption = (command: Command, what = 'print JSON for machines instead of a table'): Command =>
  command.option('--json', what);

export function resolveConnection(options: ConnectionOptions, env: NodeJS.ProcessEnv): CollectorConnection {
  const url = (options.url ?? env.PANE_URL ?? '').trim() || defaultCollectorUrl;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`--url "${url}" is not a URL: use something like ${defaultCollectorUrl}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError(`--url "${url}" must be an http:// or https:// address`);
  }
  const token = (options.token ?? env.PANE_TOKEN ?? '').trim() || undefined;
  return { url, token, timeoutMs: Math.round((options.timeout ?? defaultTimeoutSeconds) * 1000) };
}

const unitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `30m`, `24h`, `7d`, `2w`, `1h30m` → milliseconds; undefined when it is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) total += Number(match[1]) * unitMs[match[2]];
  return total > 0 ? total : undefined;
}

/** `--since`: a duration back from now (`24h`) or a time (`2024-11-20T02:00:00Z`) → epoch ms. */
export function parseSince(text: string, now: number, flag = '--since'): number {
  const duration = parseDurationMs(text);
  if (duration !== undefined) return now - duration;
  if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    const time = Date.parse(text.trim());
    if (Number.isFinite(time)) return time;
  }
  throw usageError(`${flag} "${text}" is neither a duration (30m, 24h, 7d) nor an ISO time (2024-11-20T02:00:00Z)`);
}

/** commander parser for a duration option */
export const durationOption = (flag: string) => (value: string): number => {
  const ms = parseDurationMs(value);
  if (ms === undefined) throw new InvalidArgumentError(`${flag} must be a duration like 30s, 15m, 24h or 7d`);
  return ms;
};

export const positiveInteger = (flag: string) => (value: string): number => {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`${flag} must be a positive whole number`);
  }
  return parsed;
};

export const positiveNumber = (flag: string) => (value: string): number => {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError(`${flag} must be a positive number`);
  return parsed;
};

/** A comma-separated (or repeated) list of allowed values, lower-cased, each checked. */
export function listOf<T extends string>(flag: string, allowed: readonly T[], aliases: Record<string, T> = {}) {
  return (value: string, previous: T[] | undefined): T[] => {
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => {
        const key = item.toLowerCase();
        const found = aliases[key] ?? allowed.find((a) => a.toLowerCase() === key);
        if (!found) throw new InvalidArgumentError(`${flag}: "${item}" is not one of ${[...allowed, ...Object.keys(aliases)].join(', ')}`);
        return found;
      });
    return [...new Set([...(previous ?? []), ...items])];
  };
}

/** repeatable string option */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
