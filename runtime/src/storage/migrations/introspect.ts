import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dialect';

/**
 * Schema questions a migration asks before it changes something. MySQL runs DDL outside
 * transactions, so a host that died half-way through a migration leaves some steps done; asking
 * first lets the next host finish the rest instead of failing on "already exists".
 */

export async function hasColumn(
  db: Kysely<unknown>,
  table: string,
  column: string,
): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === table && t.columns.some((c) => c.name === column));
}

export async function hasIndex(
  db: Kysely<unknown>,
  dialect: Dialect,
  table: string,
  index: string,
): Promise<boolean> {
  const found =
    dialect === 'mysql'
      ? await sql<{ n: number | string }>`select count(*) as n from information_schema.statistics
        where table_schema = database() and table_name = ${table} and index_name = ${index}`.execute(
          db,
        )
      : await sql<{ n: number | string }>`select count(*) as n from sqlite_master
        where type = 'index' and tbl_name = ${table} and name = ${index}`.execute(db);
  return Number(found.rows[0]?.n ?? 0) > 0;
}

/** MySQL only: the table's default collation, e.g. `utf8mb4_bin`. */
export async function tableCollation(
  db: Kysely<unknown>,
  table: string,
): Promise<string | undefined> {
  const found = await sql<{ collation: string | null }>`select table_collation as collation
    from information_schema.tables where table_schema = database() and table_name = ${table}`.execute(
    db,
  );
  return found.rows[0]?.collation ?? undefined;
}

/**
 * MySQL only: the first of `wanted` the server knows (MySQL 8 and MariaDB name their byte-wise,
 * no-pad collations differently).
 */
export async function firstKnownCollation(
  db: Kysely<unknown>,
  wanted: readonly string[],
): Promise<string | undefined> {
  const found = await sql<{
    name: string;
  }>`select collation_name as name from information_schema.collations
    where collation_name in (${sql.join(wanted)})`.execute(db);
  const known = new Set(found.rows.map((r) => r.name));
  return wanted.find((name) => known.has(name));
}
