import { parseArgs, type ParseArgsConfig } from 'node:util';

export type ScriptOptions = NonNullable<ParseArgsConfig['options']>;
export type ScriptValues<O extends ScriptOptions> = ReturnType<
  typeof parseArgs<{ options: O }>
>['values'];

/**
 * Parses a script's flags with node's parseArgs, adding `--help`: help prints `usage` and exits
 * 0; an unknown or malformed flag prints the problem and `usage` and exits 2, without a stack.
 */
export function parseScriptArgs<O extends ScriptOptions>(
  usage: string,
  options: O,
): ScriptValues<O> {
  try {
    const parsed = parseArgs({ options: { ...options, help: { type: 'boolean' } } });
    if ((parsed.values as Record<string, unknown>).help) {
      process.stdout.write(`${usage.trim()}\n`);
      process.exit(0);
    }
    return parsed.values as ScriptValues<O>;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage.trim()}\n`);
    process.exit(2);
  }
}
