import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, MysqlDialect, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2';
import type { Logger } from '../logging/logger';
import type { Store } from './store';
import type { Database } from './kysely/schema';
import { KyselyStore } from './kysely/kysely-store';
import { withSqliteWriteLock } from './sqlite-write-lock';

export interface StoreLocation {
  /** `mysql://...`; when unset the embedded SQLite file is used. */
  readonly databaseUrl?: string;
  readonly sqlitePath: string;
  /** Connections in the MySQL pool. */
  readonly poolSize?: number;
}

export interface StoreOptions {
  /** Epoch milliseconds for every time the store writes; tests move it to age heartbeats. */
  readonly clock?: () => number;
  /** Where `migrate()` reports that it waits for an unreachable database. */
  readonly logger?: Logger;
  /** How long `migrate()` waits for the database to answer; default 60 s. */
  readonly startupWaitMs?: number;
}

const DEFAULT_STARTUP_WAIT_MS = 60_000;

/** Opens the configured store. The schema is migrated by `store.migrate()`, not here. */
export function openStore(location: StoreLocation, options: StoreOptions = {}): Store {
  if (location.databaseUrl)
    return openMysqlStore(location.databaseUrl, location.poolSize ?? 10, options);
  return openSqliteStore(location.sqlitePath, options);
}

export function openSqliteStore(file: string, options: StoreOptions = {}): KyselyStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  // WAL lets readers (status, export) run while a host writes; the busy timeout makes a
  // second process wait for the write lock instead of failing at once.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 10000');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  const startupWaitMs = options.startupWaitMs ?? DEFAULT_STARTUP_WAIT_MS;
  return new KyselyStore(db, 'sqlite', {
    ...options,
    startupWaitMs,
    migrationLock: (work) => withSqliteWriteLock(database, startupWaitMs, work),
  });
}

export function openMysqlStore(
  url: string,
  poolSize: number,
  options: StoreOptions = {},
): KyselyStore {
  const pool = createPool({
    uri: url,
    connectionLimit: poolSize,
    // Times are BIGINT milliseconds; they fit a double, so numbers are exact.
    supportBigNumbers: true,
    bigNumberStrings: false,
    enableKeepAlive: true,
    // Fenced writes read "rows matched" as ownership: an UPDATE that sets the values a row already
    // has must still count. mysql2 sets FOUND_ROWS by default; it is named so that it stays.
    flags: ['FOUND_ROWS'],
  });
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
  return new KyselyStore(db, 'mysql', {
    ...options,
    startupWaitMs: options.startupWaitMs ?? DEFAULT_STARTUP_WAIT_MS,
  });
}
