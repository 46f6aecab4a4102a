import { setTimeout as sleep } from 'node:timers/promises';
import { Migrator, type Kysely } from 'kysely';
import { StorageError } from '../../errors';
import { migrationProvider } from '../migrations';
import type { Dialect } from '../migrations/dialect';
import { isTransientDbError } from '../transient';
import type { KyselyStoreOptions } from './kysely-store';
import type { Database } from './schema';

/**
 * Migrates to the latest schema. A database that does not answer yet (a host started before
 * it, a failover) is waited for with backoff up to `startupWaitMs`, so hosts and the database
 * may start in any order.
 */
export async function migrateWithWait(
  db: Kysely<Database>,
  dialect: Dialect,
  options: KyselyStoreOptions,
): Promise<void> {
  const deadline = Date.now() + (options.startupWaitMs ?? 0);
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateOnce(db, dialect, options);
      return;
    } catch (error) {
      const cause = error instanceof StorageError ? error.cause : error;
      if (!isTransientDbError(cause) || Date.now() >= deadline) throw error;
      const delayMs = Math.min(250 * 2 ** (attempt - 1), 5000);
      options.logger?.warn(
        { err: cause, attempt, delayMs },
        'database not reachable; waiting to migrate',
      );
      await sleep(Math.min(delayMs, Math.max(0, deadline - Date.now())));
    }
  }
}

async function migrateOnce(
  db: Kysely<Database>,
  dialect: Dialect,
  options: KyselyStoreOptions,
): Promise<void> {
  // The SQLite lock is a transaction already and SQLite cannot nest them: Kysely must not
  // open its own for dialects it counts as having transactional DDL.
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    disableTransactions: true,
  });
  const run = () => migrator.migrateToLatest();
  const { error, results } = await (options.migrationLock ? options.migrationLock(run) : run());
  if (!error) return;
  const message = error instanceof Error ? error.message : String(error);
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  throw new StorageError(
    failed
      ? `database migration ${failed} failed: ${message}`
      : `cannot migrate the database: ${message}`,
    { cause: error },
  );
}
