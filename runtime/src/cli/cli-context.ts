import { loadConfig, type RuntimeConfig } from '../config/config';
import { createLogger, type Logger } from '../logging/logger';
import { ExitCodes, type ExitCode } from './exit-codes';

/** Where a command writes: results to `stdout`, errors, logs and progress to `stderr`. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream;
}

/**
 * What every command of one invocation shares: the streams, the configuration (loaded once,
 * on first use, so `--help` works even with a bad variable) and the exit code it ends with.
 */
export class CliContext {
  exitCode: ExitCode = ExitCodes.OK;
  /** Set by a command run with `--json`, so an error is also reported as JSON on stdout. */
  json = false;
  private loaded: RuntimeConfig | undefined;
  private commandLogger: Logger | undefined;

  constructor(readonly io: CliIo) {}

  config(): RuntimeConfig {
    this.loaded ??= loadConfig();
    return this.loaded;
  }

  /** True once the configuration asked for debug output: errors then show their stack. */
  get debug(): boolean {
    return this.loaded !== undefined && ['debug', 'trace'].includes(this.loaded.logLevel);
  }

  /**
   * The logger of short commands. They log warnings and errors only at the default level, so
   * `status` or `export` print their result without start-up lines; LOG_LEVEL=debug shows all.
   */
  logger(): Logger {
    const config = this.config();
    this.commandLogger ??= createLogger({
      level: config.logLevel === 'info' ? 'warn' : config.logLevel,
      pretty: config.logFormat === 'pretty',
    });
    return this.commandLogger;
  }

  /** Writes lines to stdout. */
  print(...lines: string[]): void {
    for (const line of lines) this.io.stdout.write(`${line}\n`);
  }

  /** Writes a value as indented JSON to stdout. */
  printJson(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Prints a command's result: JSON with `--json`, else the human lines. */
  result(json: boolean, value: unknown, human: () => string[]): void {
    if (json) this.printJson(value);
    else this.print(...human());
  }
}
