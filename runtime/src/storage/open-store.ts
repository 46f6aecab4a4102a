import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, MysqlDialect, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2';
import type { Store } from './store';
import type { Database } from './kysely/schema';
import { KyselyStore } from './kysely/kysely-store';

export interface StoreLocation {
  /** `mysql://...`; when unset the embedded SQLite file is used. */
  readonly databaseUrl?: string;
  readonly sqlitePath: string;
  /** Connections in the MySQL pool. */
  readonly poolSize?: number;
}

/** Opens the configured store. The schema is migrated by `store.migrate()`, not here. */
export function openStore(location: StoreLocation, clock?: () => number): Store {
  if (location.databaseUrl) return openMysqlStore(location.databaseUrl, location.poolSize ?? 10, clock);
  return openSqliteStore(location.sqlitePath, clock);
}

export function openSqliteStore(file: string, clock?: () => number): KyselyStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  // WAL lets readers (status, export) run while a host writes; the busy timeout makes a
  // second process wait for the write lock instead of failing at once.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 10000');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return new KyselyStore(db, 'sqlite', clock);
}

export function openMysqlStore(url: string, poolSize: number, clock?: () => number): KyselyStore {
  const pool = createPool({
    uri: url,
    connectionLimit: poolSize,
    // Times are BIGINT milliseconds; they fit a double, so numbers are exact.
    supportBigNumbers: true,
    bigNumberStrings: false,
    enableKeepAlive: true,
  });
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
  return new KyselyStore(db, 'mysql', clock);
}
