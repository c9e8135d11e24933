/**
 * Everything a command touches outside itself: output streams, environment, clock, exit and a
 * stop signal (Ctrl-C for `logs --follow`). The real process by default; tests pass their own
 * to capture output in-process.
 */
export interface OutputStream {
  write(chunk: string | Uint8Array): unknown;
  /** a terminal: colour, progress bars and terminal-width tables are used only then */
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  now(): number;
  /** ends the process with this code once output is flushed (tests record it instead) */
  exit(code: number): void | Promise<void>;
  /**
   * Ends the process at once, for usage errors found while commander parses (its message is
   * already written). Tests leave it out: the parse then throws the CommanderError instead.
   */
  exitNow?(code: number): never;
  /**
   * Calls `handler` when the user or a scheduler asks to stop (SIGINT, SIGTERM, SIGHUP) instead
   * of dying at once; returns how to stop listening. Only long commands (logs --follow, run) use it.
   */
  onInterrupt(handler: (signal: NodeJS.Signals) => void): () => void;
}

/** Waits until everything written to a stream has been handed to the OS. */
const drained = (stream: NodeJS.WriteStream): Promise<void> =>
  new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => Date.now(),
    exit: async (code: number) => {
      await Promise.all([drained(process.stdout), drained(process.stderr)]);
      process.exit(code);
    },
    exitNow: (code) => process.exit(code),
    onInterrupt: (handler) => {
      const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
      for (const signal of signals) process.on(signal, handler);
      return () => {
        for (const signal of signals) process.off(signal, handler);
      };
    },
  };
}

/** Lines to stdout and stderr with the trailing newline added. */
export const println = (stream: OutputStream, text = ''): void => {
  stream.write(`${text}\n`);
};
