import type { Command } from 'commander';
import { loadPlugins } from '../../plugins/load-plugins';
import type { PluginRegistry } from '../../plugins/plugin-registry';
import type { CliContext } from '../cli-context';
import { tableLines } from '../format/table';

/** The plugins as data, for `--json`. */
function describe(registry: PluginRegistry) {
  return {
    operators: [...registry.operators.values()].map(({ plugin, origin }) => ({
      name: plugin.spec.name,
      version: plugin.spec.version,
      inputKinds: plugin.spec.inputKinds,
      description: plugin.spec.description,
      entry: origin.entry,
      file: origin.file,
      paramsSchema: plugin.spec.paramsSchema ?? null,
    })),
    converters: [...registry.converters.values()].map(({ plugin, origin }) => ({
      taskType: plugin.spec.taskType,
      name: plugin.spec.name,
      version: plugin.spec.version,
      description: plugin.spec.description,
      entry: origin.entry,
      file: origin.file,
    })),
  };
}

/** `autoannotate plugins list|check`: loads and checks the manifest; runs no operator, opens no database. */
export function addPluginsCommand(program: Command, ctx: CliContext): void {
  const plugins = program
    .command('plugins')
    .description('show and check the operator plugins of PLUGINS_FILE');

  plugins
    .command('list')
    .description('list the operators and converters the manifest loads')
    .option('--json', 'print the result as JSON')
    .action((options: { json?: boolean }) => {
      const manifest = ctx.config().pluginsFile;
      const found = describe(loadPlugins(manifest, ctx.logger()));
      ctx.result(Boolean(options.json), { manifest, ...found }, () => [
        `manifest ${manifest}`,
        '',
        'operators:',
        ...indent(
          tableLines(
            ['NAME', 'VERSION', 'READS', 'DESCRIPTION', 'FROM'],
            found.operators.map((o) => [
              o.name,
              o.version,
              o.inputKinds.join(','),
              o.description,
              o.entry,
            ]),
          ),
        ),
        '',
        'converters:',
        ...indent(
          tableLines(
            ['TASK TYPE', 'NAME', 'VERSION', 'FROM'],
            found.converters.map((c) => [c.taskType, c.name, c.version, c.entry]),
          ),
        ),
      ]);
    });

  plugins
    .command('check')
    .description('check the manifest and every plugin it lists; exit code 4 names the broken one')
    .option('--json', 'print the result as JSON')
    .action((options: { json?: boolean }) => {
      const manifest = ctx.config().pluginsFile;
      const found = describe(loadPlugins(manifest, ctx.logger()));
      const operators = found.operators.map((o) => o.name);
      const taskTypes = found.converters.map((c) => c.taskType);
      ctx.result(Boolean(options.json), { ok: true, manifest, operators, taskTypes }, () => [
        `${manifest} is valid: ${operators.length} operator(s) (${operators.join(', ') || 'none'}), ` +
          `${taskTypes.length} converter(s) for task types ${taskTypes.join(', ') || 'none'}`,
      ]);
    });
}

function indent(lines: string[]): string[] {
  return lines.map((line) => `  ${line}`);
}
