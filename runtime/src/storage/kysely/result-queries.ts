import { sql, type Transaction } from 'kysely';
import type { Dialect } from '../migrations/dialect';
import type { Database } from './schema';

/** Rows per INSERT: one statement per batch chunk instead of one per file. */
const ROWS_PER_INSERT = 200;
/**
 * JSON per INSERT, well under MariaDB's default 16 MiB packet; a single result may be up to the
 * runtime's 4 MiB cap, so a chunk always holds at least one row.
 */
const BYTES_PER_INSERT = 4 * 1024 * 1024;

export interface ResultRow {
  readonly fileId: number;
  readonly json: string;
  readonly regionCount: number;
}

export interface ResultWrite {
  readonly projectId: number;
  readonly taskId: number;
  readonly runToken: string;
  readonly now: number;
}

function* chunks(rows: readonly ResultRow[]): Generator<ResultRow[]> {
  let chunk: ResultRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const full = chunk.length >= ROWS_PER_INSERT || bytes + row.json.length > BYTES_PER_INSERT;
    if (full && chunk.length > 0) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += row.json.length;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Inserts the results of several files, replacing any earlier result of the same file (unique on
 * project + file): a multi-row upsert per chunk, where the replacing values are the new row's.
 */
export async function upsertResults(
  trx: Transaction<Database>,
  dialect: Dialect,
  write: ResultWrite,
  rows: readonly ResultRow[],
): Promise<void> {
  for (const chunk of chunks(rows)) {
    const insert = trx.insertInto('t_dm_annotation_results').values(
      chunk.map((row) => ({
        project_id: write.projectId,
        file_id: row.fileId,
        task_id: write.taskId,
        result: row.json,
        region_count: row.regionCount,
        run_token: write.runToken,
        created_at: write.now,
        updated_at: write.now,
      })),
    );
    await (
      dialect === 'mysql'
        ? insert.onDuplicateKeyUpdate({
            result: sql`VALUES(result)`,
            region_count: sql`VALUES(region_count)`,
            run_token: sql`VALUES(run_token)`,
            updated_at: sql`VALUES(updated_at)`,
          })
        : insert.onConflict((conflict) =>
            conflict.columns(['project_id', 'file_id']).doUpdateSet((eb) => ({
              result: eb.ref('excluded.result'),
              region_count: eb.ref('excluded.region_count'),
              run_token: eb.ref('excluded.run_token'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
    ).execute();
  }
}
