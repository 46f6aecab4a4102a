import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, MysqlDialect, sql, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2';
import { openMysqlStore, openSqliteStore, type Store } from '@autoannotate/runtime';
import type { Database } from '@autoannotate/runtime/storage/kysely/schema';
import type { StoreOptions } from '@autoannotate/runtime/storage/open-store';
import {
  createTestDatabase,
  urlForDatabase,
  useMysqlDatabase,
  type TestDatabase,
} from '../../helpers/mysql';
import { tempDir } from '../../helpers/temp';

export type Dialect = 'sqlite' | 'mysql';

/** The runtime's tables, children first. */
export const RUNTIME_TABLES = [
  't_dm_annotation_results',
  't_dm_auto_annotation_failures',
  't_dm_labeling_projects',
  't_dm_auto_annotation_tasks',
  't_dm_dataset_files',
  't_dm_datasets',
  't_model_config',
] as const;

/** One database of one dialect for one test, and everything opened on it. */
export interface TestDb {
  readonly dialect: Dialect;
  /** What a host process needs to reach this database: DATABASE_URL or SQLITE_PATH. */
  readonly env: Readonly<Record<string, string>>;
  /** MySQL: the database name; SQLite: the file. */
  readonly name: string;
  /** A new store (own pool or connection), migrated. Closed after the test. */
  store(options?: StoreOptions): Promise<Store>;
  /** A new store that is not migrated yet (MySQL: optionally through a proxy). Closed after the test. */
  unmigratedStore(options?: StoreOptions & { via?: { host: string; port: number } }): Store;
  /** Plain SQL on this database, for what an operator or a fault does. Closed after the test. */
  raw(): Kysely<Database>;
  /** Another empty, unmigrated database of the same dialect, removed after the test. */
  fresh(charset?: { set: string; collation: string }): Promise<TestDb>;
  /** Closes `thing` after the test. */
  track(close: () => Promise<unknown>): void;
}

export interface StoreTarget {
  readonly dialect: Dialect;
  /**
   * Registers hooks in the calling `describe`: SQLite gets a new file per test; MySQL gets one
   * database per suite (see useMysqlDatabase), migrated once and emptied before each test.
   */
  use(): () => TestDb;
}

type Cleanup = Array<() => Promise<unknown>>;

async function runCleanup(cleanup: Cleanup): Promise<void> {
  // Stores first, databases last: reverse order of registration. A store a test closed itself
  // (a harness closes its runtime) may refuse a second close; that is not a failure.
  for (const close of cleanup.splice(0).reverse()) await close().catch(() => undefined);
}

function sqliteDb(file: string, cleanup: Cleanup): TestDb {
  const db: TestDb = {
    dialect: 'sqlite',
    env: { SQLITE_PATH: file },
    name: file,
    async store(options) {
      const store = db.unmigratedStore(options);
      await store.migrate();
      return store;
    },
    unmigratedStore({ via, ...options } = {}) {
      if (via)
        throw new Error('a SQLite store is a file: there is nothing to reach through a proxy');
      const store = openSqliteStore(file, options);
      cleanup.push(() => store.close());
      return store;
    },
    raw() {
      const database = new BetterSqlite3(file);
      database.pragma('busy_timeout = 10000');
      const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
      cleanup.push(() => kysely.destroy());
      return kysely;
    },
    async fresh() {
      return sqliteDb(path.join(tempDir('aa-sqlite-'), 'fresh.sqlite'), cleanup);
    },
    track(close) {
      cleanup.push(close);
    },
  };
  return db;
}

function mysqlDb(database: { name: string; url: string }, cleanup: Cleanup): TestDb {
  const db: TestDb = {
    dialect: 'mysql',
    env: { DATABASE_URL: database.url },
    name: database.name,
    async store(options) {
      const store = db.unmigratedStore(options);
      await store.migrate();
      return store;
    },
    unmigratedStore({ via, ...options } = {}) {
      const url = via === undefined ? database.url : urlForDatabase(database.name, via);
      const store = openMysqlStore(url, 4, options);
      cleanup.push(() => store.close());
      return store;
    },
    raw() {
      const pool = createPool({ uri: database.url, connectionLimit: 2, supportBigNumbers: true });
      const kysely = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
      cleanup.push(() => kysely.destroy());
      return kysely;
    },
    async fresh(charset) {
      const made: TestDatabase = await createTestDatabase(charset);
      cleanup.push(() => made.drop());
      return mysqlDb(made, cleanup);
    },
    track(close) {
      cleanup.push(close);
    },
  };
  return db;
}

/** Empties a migrated MySQL test database: rows, and the triggers and `test_` tables tests add. */
async function emptyMysql(raw: Kysely<Database>): Promise<void> {
  const triggers = await sql<{
    name: string;
  }>`select trigger_name as name from information_schema.triggers
    where trigger_schema = database()`.execute(raw);
  for (const { name } of triggers.rows)
    await sql`drop trigger if exists ${sql.id(name)}`.execute(raw);
  const extra = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = database() and table_name like 'test\\_%'`.execute(raw);
  for (const { name } of extra.rows)
    await sql`drop table if exists ${sql.table(name)}`.execute(raw);
  for (const table of RUNTIME_TABLES) await sql`delete from ${sql.table(table)}`.execute(raw);
}

export const sqliteTarget: StoreTarget = {
  dialect: 'sqlite',
  use() {
    const cleanup: Cleanup = [];
    let current: TestDb | undefined;
    beforeEach(() => {
      current = sqliteDb(path.join(tempDir('aa-sqlite-'), 'db.sqlite'), cleanup);
    });
    afterEach(() => runCleanup(cleanup));
    return () => current!;
  },
};

export const mysqlTarget: StoreTarget = {
  dialect: 'mysql',
  use() {
    const database = useMysqlDatabase(async (made) => {
      const store = openMysqlStore(made.url, 1);
      try {
        await store.migrate();
      } finally {
        await store.close();
      }
    });
    const cleanup: Cleanup = [];
    let current: TestDb | undefined;
    beforeEach(async () => {
      current = mysqlDb(database(), cleanup);
      await emptyMysql(current.raw());
    });
    afterEach(() => runCleanup(cleanup));
    return () => current!;
  },
};

/** Both stores: every conformance case runs once per entry. */
export const storeTargets: readonly StoreTarget[] = [sqliteTarget, mysqlTarget];
