import { ErrorCodes, errorCode } from '../errors';

/**
 * The exit codes of `autoannotate`, stable for scripts. docs/cli.md lists the same table.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | done; for `submit --wait`, the task completed |
 * | 1 | the followed task ended failed or stopped |
 * | 2 | wrong usage or configuration: unknown flag, bad JSON, invalid params, bad variable |
 * | 3 | a task, dataset, folder or model config that was named does not exist |
 * | 4 | the plugin manifest or a plugin it lists is broken |
 * | 5 | the database, Label Studio or the file system failed, or an unexpected error |
 * | 130 | interrupted (Ctrl-C) while following a task; the task itself goes on |
 */
export const ExitCodes = {
  OK: 0,
  TASK_UNSUCCESSFUL: 1,
  USAGE: 2,
  NOT_FOUND: 3,
  PLUGINS: 4,
  FAILED: 5,
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

const USAGE_CODES: ReadonlySet<string> = new Set([
  ErrorCodes.USAGE,
  ErrorCodes.CONFIG_INVALID,
  ErrorCodes.PARAMS_INVALID,
  ErrorCodes.PIPELINE_INVALID,
]);

const PLUGIN_CODES: ReadonlySet<string> = new Set([
  ErrorCodes.MANIFEST_INVALID,
  ErrorCodes.PLUGIN_NOT_FOUND,
  ErrorCodes.PLUGIN_EXPORT_MISSING,
  ErrorCodes.PLUGIN_SHAPE_INVALID,
  ErrorCodes.PLUGIN_DUPLICATE,
]);

/** The exit code for an error that ended a command, from its runtime error code. */
export function exitCodeFor(error: unknown): ExitCode {
  const code = errorCode(error);
  if (code === undefined) return ExitCodes.FAILED;
  if (USAGE_CODES.has(code)) return ExitCodes.USAGE;
  if (code === ErrorCodes.NOT_FOUND) return ExitCodes.NOT_FOUND;
  if (PLUGIN_CODES.has(code)) return ExitCodes.PLUGINS;
  return ExitCodes.FAILED;
}
