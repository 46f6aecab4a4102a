import { CommanderError } from 'commander';
import { errorCode } from '../errors';
import { CliContext, type CliIo } from './cli-context';
import { ExitCodes, exitCodeFor, type ExitCode } from './exit-codes';
import { buildProgram, oneLine } from './program';

/**
 * Runs one `autoannotate` invocation and resolves to its exit code. An error prints one line to
 * stderr, `error <CODE>: <message>` (and, with `--json`, the same as JSON on stdout); the stack
 * only when LOG_LEVEL is debug or trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const ctx = new CliContext(io);
  try {
    await buildProgram(ctx).parseAsync([...argv]);
    return ctx.exitCode;
  } catch (error) {
    // Commander already printed its message (or the help / version it was asked for).
    if (error instanceof CommanderError)
      return error.exitCode === 0 ? ExitCodes.OK : ExitCodes.USAGE;
    return report(ctx, error);
  }
}

function report(ctx: CliContext, error: unknown): ExitCode {
  const code = errorCode(error);
  const message = oneLine(error instanceof Error ? error.message : String(error));
  const prefix = code !== undefined && !message.startsWith(code) ? `error ${code}: ` : 'error: ';
  ctx.io.stderr.write(`${prefix}${message}\n`);
  if (ctx.debug && error instanceof Error) ctx.io.stderr.write(`${stackWithCauses(error)}\n`);
  if (ctx.json) ctx.printJson({ error: { code: code ?? null, message } });
  return exitCodeFor(error);
}

function stackWithCauses(error: Error): string {
  const parts = [error.stack ?? String(error)];
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    parts.push(`caused by: ${cause.stack ?? String(cause)}`);
  }
  return parts.join('\n');
}
