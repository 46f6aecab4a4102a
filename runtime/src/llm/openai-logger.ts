import type { ClientOptions } from 'openai';
import type { Logger } from '../logging/logger';
import { redactSecret } from './redact';

type OpenAiLogger = NonNullable<ClientOptions['logger']>;

/** Fields of the client's request details worth a log line; the rest (prompt body) is not. */
const KEPT_DETAILS = ['method', 'url', 'status', 'durationMs', 'retryOf', 'message'] as const;

/**
 * Routes the openai client's own log lines (retries, timeouts, statuses) into the injected pino
 * logger; its info and debug lines come once per request, so they go to debug and trace. The
 * client already masks auth headers; the key is also removed from every text in case an
 * endpoint echoes it.
 */
export function openAiLogger(logger: Logger, apiKey: string): OpenAiLogger {
  const forward =
    (level: 'error' | 'warn' | 'debug' | 'trace') =>
    (message: string, ...rest: unknown[]): void => {
      const fields = pickDetails(rest[0], apiKey);
      logger[level]({ ...fields, source: 'openai' }, redactSecret(message, apiKey));
    };
  return {
    error: forward('error'),
    warn: forward('warn'),
    info: forward('debug'),
    debug: forward('trace'),
  };
}

function pickDetails(details: unknown, apiKey: string): Record<string, unknown> {
  if (typeof details !== 'object' || details === null) return {};
  const picked: Record<string, unknown> = {};
  for (const key of KEPT_DETAILS) {
    const value = (details as Record<string, unknown>)[key];
    if (value === undefined) continue;
    picked[key] = typeof value === 'string' ? redactSecret(value, apiKey) : value;
  }
  return picked;
}
