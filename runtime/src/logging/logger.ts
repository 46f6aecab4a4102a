import pino from 'pino';

/** The structured logger every component receives by injection (pino's API). */
export type Logger = pino.Logger;

export interface LoggerOptions {
  readonly level: string;
  /** Human-readable lines instead of JSON (default: when stdout is a terminal). */
  readonly pretty: boolean;
  /** Where JSON lines go; default stdout. */
  readonly destination?: pino.DestinationStream;
}

/** Field names whose values are replaced before any line is written. */
const REDACTED_PATHS = [
  'apiKey', '*.apiKey', 'api_key', '*.api_key', 'authorization', '*.authorization',
  'headers.authorization', '*.headers.authorization',
];

export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, destination: 2 } },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: false }));
}

/** A logger that writes nothing, for library users and tests that do not care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
