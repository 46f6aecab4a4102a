import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Dialect } from './dialect';
import * as initialSchema from './0001-initial-schema';
import * as resultWriters from './0002-result-writers-and-binary-text';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Every shipped migration, in order. Append only. */
const MIGRATIONS: ReadonlyArray<[string, DialectMigration]> = [
  ['0001-initial-schema', initialSchema],
  ['0002-result-writers-and-binary-text', resultWriters],
];

/**
 * Kysely's migrator runs these once per database: on MySQL under its `get_lock`, on SQLite under
 * the store's `BEGIN IMMEDIATE` (see sqlite-write-lock.ts).
 */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      const all: Record<string, Migration> = {};
      for (const [name, migration] of MIGRATIONS) {
        all[name] = { up: (db) => migration.up(db, dialect) };
      }
      return all;
    },
  };
}
