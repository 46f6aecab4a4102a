import { backOff } from 'exponential-backoff';
import { ErrorCodes, errorCode, StorageError } from '../errors';
import type { Logger } from '../logging/logger';

/**
 * Driver error codes that mean "try again": the connection dropped or could not be made, the
 * server is busy, shutting down or failing over (read-only for a moment), a lock or deadlock.
 * Names as mysql2, Node sockets and better-sqlite3 give them.
 */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  'ER_OPTION_PREVENTS_STATEMENT',
  'ER_READ_ONLY_MODE',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
]);

/**
 * Server error numbers of the same faults, for servers whose numbers mysql2 has no name for:
 * MySQL/MariaDB (1040 too many connections, 1053 shutdown, 1205 lock wait timeout, 1213 deadlock,
 * 1290/1836 read-only, 1927 connection killed, 3101 group replication rollback, 4031 idle
 * disconnect) and TiDB (8022 retryable transaction error, 8028 schema changed during the
 * statement, 9001-9005 PD/TiKV timeout, busy or region unavailable, 9007 write conflict).
 */
const TRANSIENT_ERRNOS = new Set([
  1040, 1053, 1205, 1213, 1290, 1836, 1927, 3101, 4031, 8022, 8028, 9001, 9002, 9003, 9004, 9005,
  9007,
]);

/** Of those, the ones where another transaction won a race for the same rows. */
const CONFLICT_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const CONFLICT_ERRNOS = new Set([1205, 1213, 3101, 9007]);

function codeOf(error: unknown): { code: unknown; errno: unknown; message: unknown } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errno, message } = error as { code?: unknown; errno?: unknown; message?: unknown };
  return { code, errno, message };
}

export function isTransientDbError(error: unknown): boolean {
  const found = codeOf(error);
  if (!found) return false;
  const { code, errno, message } = found;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || /^SQLITE_(BUSY|LOCKED)/.test(code)))
    return true;
  // Node socket errors carry a negative errno; only server numbers are looked up.
  if (typeof errno === 'number' && TRANSIENT_ERRNOS.has(errno)) return true;
  return (
    typeof message === 'string' &&
    /connection (is )?(closed|lost)|closed state|Pool is closed/i.test(message)
  );
}

/** A deadlock, lock timeout or write conflict: another transaction won; nothing is broken. */
export function isConflictDbError(error: unknown): boolean {
  const found = codeOf(error);
  if (!found) return false;
  const { code, errno } = found;
  if (typeof code === 'string' && (CONFLICT_CODES.has(code) || /^SQLITE_(BUSY|LOCKED)/.test(code)))
    return true;
  return typeof errno === 'number' && CONFLICT_ERRNOS.has(errno);
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

/**
 * The error for a transient fault that outlasted its retries: the database is unreachable, which
 * says nothing about the file or the task at hand. Anything else is returned as it is.
 */
export function asDatabaseOutage(what: string, error: unknown): unknown {
  if (!isTransientDbError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError(`${what}: the database did not answer (${message})`, { cause: error });
}

/** True for an error made by `asDatabaseOutage`. */
export function isDatabaseOutage(error: unknown): boolean {
  return (
    errorCode(error) === ErrorCodes.STORAGE &&
    isTransientDbError((error as { cause?: unknown }).cause)
  );
}

/** `withDbRetry`, turning a fault that outlasts the retries into a database outage error. */
export async function withDbRetryOrOutage<T>(
  what: string,
  operation: () => Promise<T>,
  logger: Logger,
  options: RetryOptions = {},
): Promise<T> {
  try {
    return await withDbRetry(what, operation, logger, options);
  } catch (error) {
    throw asDatabaseOutage(what, error);
  }
}
