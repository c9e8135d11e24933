import { Command, CommanderError } from 'commander';
import { collectorVersion } from '../collector/version';
import { type CliIo, processIo } from './cliIo';
import { freshnessCommand } from './commands/freshnessCommand';
import { ingestCommand } from './commands/ingestCommand';
import { lineageCommand } from './commands/lineageCommand';
import { logsCommand } from './commands/logsCommand';
import { metricsCommand } from './commands/metricsCommand';
import { qualityCommand } from './commands/qualityCommand';
import { runCommand } from './commands/runCommand';
import { runsCommand } from './commands/runsCommand';
import { exitCodes } from './exitCodes';

const exitCodeHelp = `
Exit codes:
  0  ok
  1  a failure was found (stale datasets or failing checks with --fail-on, refused ingest lines)
  2  usage error (a wrong option or filter)
  3  the collector cannot be reached or failed to answer
  4  the collector refused the token
  pane run exits with the wrapped command's own code.

Environment: PANE_URL (default http://127.0.0.1:7070), PANE_TOKEN, NO_COLOR.`;

/** `pane`: the collector and, from a terminal, everything it knows. */
export function buildCli(io: CliIo = processIo()): Command {
  const program = new Command('pane')
    .description('Pipeline Pane: pipeline runs, freshness, quality and lineage')
    .version(collectorVersion)
    // lets `pane run` pass everything after the command through untouched
    .enablePositionalOptions()
    .addCommand(lazyServeCommand(io))
    .addCommand(runsCommand(io))
    .addCommand(freshnessCommand(io))
    .addCommand(qualityCommand(io))
    .addCommand(lineageCommand(io))
    .addCommand(logsCommand(io))
    .addCommand(metricsCommand(io))
    .addCommand(runCommand(io))
    .addCommand(ingestCommand(io))
    .addHelpText('after', exitCodeHelp);
  configureAll(program, io);
  return program;
}

/**
 * `pane serve` loads the whole collector (Fastify, database drivers, schemas: about a second);
 * the other commands must start fast (`pane run` wraps every cron job). So `serve` is a thin
 * stand-in that loads the real command, with all its options and help, only when it is used.
 */
function lazyServeCommand(io: CliIo): Command {
  const stub = new Command('serve')
    .description('run the collector: ingest, store and answer queries (pane serve --help for its options)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .action(async (...received: unknown[]) => {
      const self = received[received.length - 1] as Command;
      const { serveCommand } = require('./commands/serveCommand') as typeof import('./commands/serveCommand');
      const real = serveCommand();
      // usage lines read "pane serve", as if it had been registered directly
      (real as { parent: Command | null }).parent = self.parent;
      configureAll(real, io);
      await real.parseAsync(self.args, { from: 'user' });
    });
  return stub;
}

/**
 * Every command writes through `io` and treats a parse error as a usage error (exit 2), help
 * and --version as success. Commander prints the message before this runs.
 */
function configureAll(command: Command, io: CliIo): void {
  command.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
  });
  command.exitOverride((error: CommanderError) => {
    const code = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    if (io.exitNow) io.exitNow(code);
    void io.exit(code);
    throw error;
  });
  for (const sub of command.commands) configureAll(sub, io);
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((error: Error) => {
      console.error(`pane: ${error.message}`);
      process.exit(1);
    });
}
