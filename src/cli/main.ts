import { Command } from 'commander';
import { collectorVersion } from '../collector/version';
import { serveCommand } from './commands/serveCommand';

/** `pane`: the collector and, from a terminal, everything it knows. */
export function buildCli(): Command {
  return new Command('pane')
    .description('Pipeline Pane: pipeline runs, freshness, quality and lineage')
    .version(collectorVersion)
    .addCommand(serveCommand());
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((error: Error) => {
      console.error(`pane: ${error.message}`);
      process.exit(1);
    });
}
