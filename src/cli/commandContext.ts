import type { Command } from 'commander';
import { type CliIo, println } from './cliIo';
import { CollectorClient } from './collectorClient';
import { CliError, exitCodes } from './exitCodes';
import { type ConnectionOptions, resolveConnection } from './options';
import { type Style, colorEnabled, createStyle } from './output/style';

/**
 * What a command's action works with: the streams, styles for each, --json, and a collector
 * client built from --url/--token/env. `defineAction` turns a handler returning an exit code
 * into a commander action that prints errors as `pane <command>: …` and exits with the code.
 */
export interface CommandContext {
  io: CliIo;
  /** `pane lineage show`, for messages */
  name: string;
  json: boolean;
  style: Style;
  errStyle: Style;
  /** terminal width for tables, when stdout is a terminal */
  width?: number;
  out(text?: string): void;
  /** a note on stderr (never mixed into --json output) */
  note(text: string): void;
  warn(text: string): void;
  client(): CollectorClient;
}

export type ActionHandler<O> = (context: CommandContext, options: O, args: string[]) => Promise<number | void>;

export function commandName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function createContext(io: CliIo, command: Command, options: ConnectionOptions & { json?: boolean }): CommandContext {
  const name = commandName(command);
  const style = createStyle(colorEnabled(io.stdout, io.env));
  const errStyle = createStyle(colorEnabled(io.stderr, io.env));
  let client: CollectorClient | undefined;
  return {
    io,
    name,
    json: options.json === true,
    style,
    errStyle,
    width: io.stdout.isTTY ? (io.stdout.columns ?? 120) : undefined,
    out: (text = '') => println(io.stdout, text),
    note: (text) => println(io.stderr, errStyle.dim(text)),
    warn: (text) => println(io.stderr, `${errStyle.yellow(`${name}: warning:`)} ${text}`),
    client: () => (client ??= new CollectorClient(resolveConnection(options, io.env))),
  };
}

export function reportError(io: CliIo, name: string, error: unknown): number {
  const style = createStyle(colorEnabled(io.stderr, io.env));
  if (error instanceof CliError) {
    if (error.message !== 'stopped') {
      println(io.stderr, `${style.red(`${name}:`)} ${error.message}`);
      for (const line of error.details) println(io.stderr, `  ${line}`);
    }
    return error.exitCode;
  }
  const err = error as Error;
  println(io.stderr, `${style.red(`${name}: unexpected error:`)} ${err?.stack ?? String(error)}`);
  return exitCodes.failureFound;
}

export function defineAction<O extends ConnectionOptions & { json?: boolean }>(io: CliIo, handler: ActionHandler<O>) {
  return async (...received: unknown[]): Promise<void> => {
    const command = received[received.length - 1] as Command;
    const options = command.opts() as O;
    const args = command.args;
    let code: number;
    const context = createContext(io, command, options);
    try {
      code = (await handler(context, options, args)) ?? exitCodes.ok;
    } catch (error) {
      code = reportError(io, context.name, error);
    }
    await io.exit(code);
  };
}
