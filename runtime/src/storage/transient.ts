import { backOff } from 'exponential-backoff';
import type { Logger } from '../logging/logger';

/** Driver error codes that mean "try again": the connection dropped, a lock or deadlock. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'PROTOCOL_CONNECTION_LOST',
  'ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY', 'SQLITE_LOCKED',
]);

export function isTransientDbError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && /connection (is )?(closed|lost)|Pool is closed/i.test(message);
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts?: number;
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Runs a database operation again, with jittered exponential backoff, while it fails with a
 * transient error. Anything else is thrown at once: a bad statement does not get better.
 */
export function withDbRetry<T>(
  what: string,
  operation: () => Promise<T>,
  logger: Logger,
  options: RetryOptions = {},
): Promise<T> {
  return backOff(operation, {
    numOfAttempts: options.attempts ?? 8,
    startingDelay: options.firstDelayMs ?? 100,
    maxDelay: options.maxDelayMs ?? 5000,
    jitter: 'full',
    retry: (error: unknown, attempt: number) => {
      const again = isTransientDbError(error);
      if (again) logger.warn({ err: error, attempt, what }, 'database operation failed, retrying');
      return again;
    },
  });
}
