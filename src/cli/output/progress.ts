import { SingleBar } from 'cli-progress';
import type { CliIo } from '../cliIo';

/**
 * A progress bar on stderr for long work, shown only to a person at a terminal: never when
 * stdout is a pipe or file (a script or CI reads it), never with --json.
 */
export interface Progress {
  update(value: number, payload: Record<string, string | number>): void;
  stop(): void;
}

export const progressWanted = (io: CliIo, json: boolean): boolean => !json && io.stdout.isTTY === true && io.stderr.isTTY === true;

const silent: Progress = { update: () => undefined, stop: () => undefined };

export function createProgress(io: CliIo, enabled: boolean, total: number, format: string, payload: Record<string, string | number> = {}): Progress {
  if (!enabled || total <= 0) return silent;
  const bar = new SingleBar({
    stream: io.stderr as NodeJS.WritableStream,
    format,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
    fps: 10,
    noTTYOutput: false,
    formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? formatBytes(value) : String(value)),
  });
  bar.start(total, 0, payload);
  return {
    update: (value, payload) => bar.update(Math.min(value, total), payload),
    stop: () => bar.stop(),
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
