import { sql, type Kysely } from 'kysely';
import type { Database } from '@autoannotate/runtime/storage/kysely/schema';
import type { Dialect } from './store-targets';

/**
 * Makes the database itself refuse the update that recovery makes to one task (a trigger that
 * raises an error), as a broken row, a constraint or a lock timeout would.
 */
export async function refuseRecoveryOf(
  raw: Kysely<Database>,
  dialect: Dialect,
  taskId: number,
): Promise<void> {
  const condition = `old.id = ${Number(taskId)} and old.status = 'running' and new.run_token is null`;
  if (dialect === 'mysql') {
    await sql
      .raw(
        `create trigger test_refuse_recovery before update on t_dm_auto_annotation_tasks
      for each row begin
        if ${condition} then signal sqlstate '45000' set message_text = 'test: this row refuses recovery'; end if;
      end`,
      )
      .execute(raw);
  } else {
    await sql
      .raw(
        `create trigger test_refuse_recovery before update on t_dm_auto_annotation_tasks
      for each row when ${condition}
      begin select raise(abort, 'test: this row refuses recovery'); end`,
      )
      .execute(raw);
  }
}

/** What an operator does to run a task again: back to pending, stop request withdrawn. */
export async function putBackToPending(raw: Kysely<Database>, taskId: number): Promise<void> {
  await raw
    .updateTable('t_dm_auto_annotation_tasks')
    .set({ status: 'pending', stop_requested: 0, finished_at: null })
    .where('id', '=', taskId)
    .execute();
}

/** Sets a task's heartbeat as a dead host would have left it. */
export async function setHeartbeat(
  raw: Kysely<Database>,
  taskId: number,
  heartbeatAt: number | null,
): Promise<void> {
  await raw
    .updateTable('t_dm_auto_annotation_tasks')
    .set({ heartbeat_at: heartbeatAt })
    .where('id', '=', taskId)
    .execute();
}

/** Names in the migration ledger, each as often as it is recorded. */
export async function ledger(raw: Kysely<Database>): Promise<string[]> {
  const found = await sql<{
    name: string;
  }>`select name from kysely_migration order by name`.execute(raw);
  return found.rows.map((r) => r.name);
}

/** Result rows of a task as stored: file id and the run that wrote it. */
export async function resultRows(
  raw: Kysely<Database>,
  taskId: number,
): Promise<Array<{ fileId: number; runToken: string | null }>> {
  const found = await raw
    .selectFrom('t_dm_annotation_results')
    .select(['file_id', 'run_token'])
    .where('task_id', '=', taskId)
    .orderBy('file_id')
    .execute();
  return found.map((r) => ({ fileId: Number(r.file_id), runToken: r.run_token }));
}
