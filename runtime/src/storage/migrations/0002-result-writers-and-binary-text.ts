import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dialect';
import { firstKnownCollation, hasColumn, hasIndex, tableCollation } from './introspect';

const TABLES = [
  't_dm_datasets',
  't_dm_dataset_files',
  't_dm_auto_annotation_tasks',
  't_dm_labeling_projects',
  't_dm_annotation_results',
  't_dm_auto_annotation_failures',
  't_model_config',
];

/** Byte-wise utf8mb4 collations by preference: MySQL 8's and MariaDB's no-pad ones, then the
 * padded one both have (where `a.txt` and `a.txt ` are one value). */
const BYTEWISE_COLLATIONS = ['utf8mb4_0900_bin', 'utf8mb4_nopad_bin', 'utf8mb4_bin'];

/**
 * - `t_dm_annotation_results.run_token`: the run that last wrote the row, so that a result can
 *   be traced to its run (and a late write of a run that lost its task would show).
 * - an index on `t_dm_annotation_results.task_id`: recovery counts a task's results by it.
 * - MySQL: every table in utf8mb4 with a byte-wise collation that does not ignore trailing
 *   spaces. The server default may be latin1 (file names outside Latin-1 would not fit) or
 *   case-insensitive, where `Photo.JPG` and `photo.jpg` of one folder would be one file and the
 *   second silently ignored; SQLite compares bytes.
 * Each step checks first, so a migration cut short on MySQL (DDL is not transactional) resumes.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'mysql') {
    const collation = (await firstKnownCollation(db, BYTEWISE_COLLATIONS)) ?? 'utf8mb4_bin';
    for (const table of TABLES) {
      if ((await tableCollation(db, table)) === collation) continue;
      await sql`alter table ${sql.table(table)} convert to character set utf8mb4 collate ${sql.raw(collation)}`.execute(
        db,
      );
    }
  }

  if (!(await hasColumn(db, 't_dm_annotation_results', 'run_token'))) {
    await db.schema
      .alterTable('t_dm_annotation_results')
      .addColumn('run_token', 'varchar(64)')
      .execute();
  }
  if (!(await hasIndex(db, dialect, 't_dm_annotation_results', 'ix_results_task'))) {
    await db.schema
      .createIndex('ix_results_task')
      .on('t_dm_annotation_results')
      .column('task_id')
      .execute();
  }
}
