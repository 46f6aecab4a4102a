import { sql, type Kysely } from 'kysely';
import type { Database } from '@autoannotate/runtime/storage/kysely/schema';
import type { Dialect } from '../../storage/support/store-targets';

/** One write the database accepted, in the order it happened (`seq`). */
export interface AuditedWrite {
  readonly seq: number;
  readonly table: 'task' | 'result' | 'failure';
  readonly taskId: number;
  readonly fileId: number | null;
  readonly oldToken: string | null;
  readonly newToken: string | null;
  readonly status: string | null;
  readonly processed: number | null;
}

/**
 * Triggers that log every write that lands on the task rows, results and failures into
 * `test_write_audit`, numbered by the database in the order the writes happened. The log is the
 * database's own account: a write refused by the fence never appears in it.
 */
export async function installWriteAudit(raw: Kysely<Database>, dialect: Dialect): Promise<void> {
  const seq =
    dialect === 'mysql' ? 'bigint primary key auto_increment' : 'integer primary key autoincrement';
  await sql
    .raw(
      `create table test_write_audit (seq ${seq}, tbl varchar(16) not null, task_id bigint not null,
    file_id bigint, old_token varchar(64), new_token varchar(64), status varchar(16), processed integer)`,
    )
    .execute(raw);
  const triggers: Array<[string, string, string]> = [
    [
      'test_audit_task',
      'after update on t_dm_auto_annotation_tasks',
      `'task', new.id, null, old.run_token, new.run_token, new.status, new.processed_images`,
    ],
    [
      'test_audit_result_insert',
      'after insert on t_dm_annotation_results',
      `'result', new.task_id, new.file_id, null, new.run_token, null, null`,
    ],
    [
      'test_audit_result_update',
      'after update on t_dm_annotation_results',
      `'result', new.task_id, new.file_id, old.run_token, new.run_token, null, null`,
    ],
    [
      'test_audit_failure',
      'after insert on t_dm_auto_annotation_failures',
      `'failure', new.task_id, new.file_id, null, new.run_token, null, null`,
    ],
  ];
  for (const [name, when, values] of triggers) {
    const insert = `insert into test_write_audit (tbl, task_id, file_id, old_token, new_token, status, processed)
      values (${values})`;
    const body = dialect === 'mysql' ? insert : `begin ${insert}; end`;
    await sql.raw(`create trigger ${name} ${when} for each row ${body}`).execute(raw);
  }
}

export async function readWriteAudit(
  raw: Kysely<Database>,
  taskId: number,
): Promise<AuditedWrite[]> {
  const found = await sql<
    Record<string, unknown>
  >`select * from test_write_audit where task_id = ${taskId}
    order by seq`.execute(raw);
  return found.rows.map((r) => ({
    seq: Number(r.seq),
    table: r.tbl as AuditedWrite['table'],
    taskId: Number(r.task_id),
    fileId: r.file_id === null ? null : Number(r.file_id),
    oldToken: r.old_token as string | null,
    newToken: r.new_token as string | null,
    status: r.status as string | null,
    processed: r.processed === null ? null : Number(r.processed),
  }));
}
