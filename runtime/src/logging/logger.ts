import pino from 'pino';

/** The structured logger every component receives by injection (pino's API). */
export type Logger = pino.Logger;

export interface LoggerOptions {
  readonly level: string;
  /** Human-readable lines instead of JSON (LOG_FORMAT=auto: when stderr is a terminal). */
  readonly pretty: boolean;
  /** Where JSON lines go; default stderr, so a command's own output on stdout stays clean. */
  readonly destination?: pino.DestinationStream;
}

/**
 * Field names whose values are replaced before any line is written: model keys, the Label
 * Studio token and a database URL (it may carry a password), at the top level or one below.
 */
const SECRET_FIELDS = [
  'apiKey',
  'api_key',
  'authorization',
  'token',
  'labelStudioToken',
  'password',
  'databaseUrl',
];
const REDACTED_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  'headers.authorization',
  '*.headers.authorization',
];

export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({
      ...base,
      // Colours only for a terminal: LOG_FORMAT=pretty into a file stays plain text.
      transport: {
        target: 'pino-pretty',
        options: { colorize: Boolean(process.stderr.isTTY), destination: 2 },
      },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: false }));
}

/** A logger that writes nothing, for library users and tests that do not care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
