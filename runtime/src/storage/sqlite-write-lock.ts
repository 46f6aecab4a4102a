import { setTimeout as sleep } from 'node:timers/promises';
import type BetterSqlite3 from 'better-sqlite3';

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/**
 * Runs `work` inside `BEGIN IMMEDIATE` on this connection, so that processes migrating one SQLite
 * file take turns and each migration is all or nothing (Kysely's migrator takes no lock on
 * SQLite). The lock is polled with the busy timeout off: better-sqlite3 waits synchronously, which
 * would also stall another connection of this process that holds the lock and needs the event
 * loop to finish.
 */
export async function withSqliteWriteLock<T>(
  database: BetterSqlite3.Database,
  waitMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const busyTimeout = Number(database.pragma('busy_timeout', { simple: true }));
  const deadline = Date.now() + waitMs;
  database.pragma('busy_timeout = 0');
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        database.exec('BEGIN IMMEDIATE');
        break;
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        await sleep(Math.min(5 * 2 ** attempt, 200));
      }
    }
  } finally {
    database.pragma(`busy_timeout = ${busyTimeout}`);
  }
  try {
    const result = await work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    if (database.inTransaction) database.exec('ROLLBACK');
    throw error;
  }
}
