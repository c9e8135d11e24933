/**
 * What `pane` exits with, so scripts and CI can tell outcomes apart.
 * `pane run` is the exception: it exits with the wrapped command's own code.
 */
export const exitCodes = {
  /** done, nothing wrong found */
  ok: 0,
  /** done, and it found a failure: stale datasets, failing checks (with --fail-on), rejected ingest lines */
  failureFound: 1,
  /** the command line or a filter is wrong: nothing was asked, or the collector refused the question */
  usage: 2,
  /** the collector could not be reached, timed out or failed to answer */
  unreachable: 3,
  /** the collector refused the token (missing, unknown, or without the scope needed) */
  auth: 4,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** An error that ends a command with a message and a meaningful exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** more lines printed under the message, e.g. the fields the collector named */
    readonly details: string[] = [],
    /** the collector's HTTP status, when it answered */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string, details: string[] = []): CliError => new CliError(message, exitCodes.usage, details);
