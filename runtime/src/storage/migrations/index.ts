import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Dialect } from './dialect';
import * as initialSchema from './0001-initial-schema';

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Every shipped migration, in order. Append only. */
const MIGRATIONS: ReadonlyArray<[string, DialectMigration]> = [['0001-initial-schema', initialSchema]];

/** Kysely's migrator runs these under its lock (MySQL `get_lock`), once per database. */
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
