import { Command } from 'commander';
import type { CliContext } from './cli-context';
import { addDatasetsCommand } from './commands/datasets';
import { addExportCommand } from './commands/export';
import { addHostCommand } from './commands/host';
import { addModelsCommand } from './commands/models';
import { addPluginsCommand } from './commands/plugins';
import { addStatusCommand } from './commands/status';
import { addStopCommand } from './commands/stop';
import { addSubmitCommand } from './commands/submit';

const { version } = require('../../package.json') as { version: string };

const EXIT_CODES_HELP = `
Exit codes:
  0    done (submit --wait: the task completed)
  1    the followed task ended failed or stopped
  2    wrong usage or configuration (flag, JSON, params, environment variable)
  3    a named task, dataset, folder or file does not exist
  4    the plugin manifest or a plugin is broken
  5    the database, Label Studio or the file system failed
  130  interrupted while following a task (the task goes on)

Configuration comes from environment variables and an optional .env file in the current
folder; docs/cli.md lists them all.`;

/**
 * The `autoannotate` command tree. Subcommands are made with `.command()` so they inherit the
 * output and exit settings; errors surface from `parseAsync` instead of exiting the process.
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('autoannotate')
    .description('Runs dataset files through operator pipelines and writes Label Studio results.')
    .version(version, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      // One line a script can match: the usage code, then commander's own words.
      outputError: (text, write) =>
        write(`error AA_USAGE: ${oneLine(text.replace(/^error: /, ''))} (see --help)\n`),
    })
    .addHelpText('after', EXIT_CODES_HELP);

  program.hook('preAction', (_program, command) => {
    ctx.json = Boolean(command.opts().json);
  });

  addHostCommand(program, ctx);
  addDatasetsCommand(program, ctx);
  addModelsCommand(program, ctx);
  addSubmitCommand(program, ctx);
  addStatusCommand(program, ctx);
  addStopCommand(program, ctx);
  addExportCommand(program, ctx);
  addPluginsCommand(program, ctx);
  return program;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
