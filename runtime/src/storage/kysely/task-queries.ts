import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  LeaseState, RecoveryOutcome, RecoveryPolicy, RunCounts, RunLease, Task, TaskStatus,
} from '../types';
import type { Database } from './schema';
import { toTask } from './row-mappers';

/**
 * The task-row statements of a run. Each write is one conditional statement
 * (`... WHERE id = ? AND run_token = ?`), so it lands only while the run still owns its task,
 * whatever the dialect and without holding locks between statements.
 */

type Db = Kysely<Database> | Transaction<Database>;
const TASKS = 't_dm_auto_annotation_tasks';

/** How many pending candidates one claim attempt looks at before giving up this round. */
const CLAIM_CANDIDATES = 8;

export async function claimNextTask(
  db: Kysely<Database>,
  hostId: string,
  now: number,
): Promise<{ task: Task; lease: RunLease } | undefined> {
  const candidates = await db
    .selectFrom(TASKS)
    .select('id')
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .orderBy('id')
    .limit(CLAIM_CANDIDATES)
    .execute();

  // Another host may take a candidate between our read and our update; the update's
  // `status = 'pending'` condition makes exactly one of us win, the others try the next one.
  for (const candidate of candidates) {
    const runToken = randomUUID();
    const updated = await db
      .updateTable(TASKS)
      .set({
        status: 'running',
        run_token: runToken,
        heartbeat_at: now,
        attempts: sql<number>`attempts + 1`,
        host_id: hostId,
        started_at: now,
        updated_at: now,
        finished_at: null,
        error_message: null,
      })
      .where('id', '=', candidate.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) {
      const row = await db.selectFrom(TASKS).selectAll().where('id', '=', candidate.id).executeTakeFirstOrThrow();
      return { task: toTask(row), lease: { taskId: Number(candidate.id), runToken } };
    }
  }
  return undefined;
}

async function fencedUpdate(
  db: Db,
  lease: RunLease,
  values: Partial<Record<keyof Database[typeof TASKS], unknown>>,
): Promise<LeaseState> {
  const updated = await db
    .updateTable(TASKS)
    .set(values as never)
    .where('id', '=', lease.taskId)
    .where('run_token', '=', lease.runToken)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return { owned: false, stopRequested: false };
  const row = await db
    .selectFrom(TASKS)
    .select(['stop_requested', 'run_token'])
    .where('id', '=', lease.taskId)
    .executeTakeFirst();
  return { owned: row?.run_token === lease.runToken, stopRequested: Number(row?.stop_requested) !== 0 };
}

function countColumns(counts: RunCounts) {
  return {
    total_images: counts.totalImages,
    processed_images: counts.processedImages,
    failed_images: counts.failedImages,
    detected_objects: counts.detectedObjects,
  };
}

export function heartbeat(db: Db, lease: RunLease, now: number): Promise<LeaseState> {
  return fencedUpdate(db, lease, { heartbeat_at: now, updated_at: now });
}

export function writeProgress(db: Db, lease: RunLease, counts: RunCounts, now: number): Promise<LeaseState> {
  return fencedUpdate(db, lease, { ...countColumns(counts), heartbeat_at: now, updated_at: now });
}

export async function finishRun(
  db: Db,
  lease: RunLease,
  status: Exclude<TaskStatus, 'pending' | 'running'>,
  counts: RunCounts,
  errorMessage: string | null,
  now: number,
): Promise<boolean> {
  const updated = await db
    .updateTable(TASKS)
    .set({
      ...countColumns(counts),
      status,
      error_message: errorMessage,
      run_token: null,
      heartbeat_at: null,
      finished_at: now,
      updated_at: now,
    })
    .where('id', '=', lease.taskId)
    .where('run_token', '=', lease.runToken)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function releaseRun(db: Db, lease: RunLease, counts: RunCounts, now: number): Promise<boolean> {
  const updated = await db
    .updateTable(TASKS)
    .set({ ...countColumns(counts), status: 'pending', run_token: null, heartbeat_at: null, updated_at: now })
    .where('id', '=', lease.taskId)
    .where('run_token', '=', lease.runToken)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

export async function requestStop(
  db: Kysely<Database>,
  taskId: number,
  staleAfterMs: number,
  now: number,
): Promise<Task | undefined> {
  await db
    .updateTable(TASKS)
    .set({ stop_requested: 1, updated_at: now })
    .where('id', '=', taskId)
    .where('status', 'in', ['pending', 'running'])
    .execute();
  // Nobody runs a pending task: stop it here.
  await db
    .updateTable(TASKS)
    .set({ status: 'stopped', finished_at: now, updated_at: now })
    .where('id', '=', taskId)
    .where('status', '=', 'pending')
    .execute();
  // A running task whose host stopped beating will never see the flag: stop it here too.
  if (staleAfterMs > 0) {
    await db
      .updateTable(TASKS)
      .set({ status: 'stopped', run_token: null, heartbeat_at: null, finished_at: now, updated_at: now })
      .where('id', '=', taskId)
      .where('status', '=', 'running')
      .where((eb) => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', now - staleAfterMs)]))
      .execute();
  }
  const row = await db.selectFrom(TASKS).selectAll().where('id', '=', taskId).executeTakeFirst();
  return row ? toTask(row) : undefined;
}

/** Results already stored for a task: recovery's measure of "files processed". */
async function resultCount(db: Db, taskId: number): Promise<number> {
  const row = await db
    .selectFrom('t_dm_annotation_results')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('task_id', '=', taskId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function recoverStaleTasks(
  db: Kysely<Database>,
  policy: RecoveryPolicy,
  now: number,
  onError: (taskId: number, error: unknown) => void,
): Promise<RecoveryOutcome[]> {
  if (policy.timeoutMs <= 0) return [];
  const staleBefore = now - policy.timeoutMs;
  const stale = await db
    .selectFrom(TASKS)
    .selectAll()
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', staleBefore)]))
    .orderBy('id')
    .execute();

  const outcomes: RecoveryOutcome[] = [];
  for (const row of stale) {
    const task = toTask(row);
    try {
      const outcome = await db.transaction().execute((trx) => recoverOne(trx, task, policy, staleBefore, now));
      if (outcome) outcomes.push(outcome);
    } catch (error) {
      // One task that cannot be recovered must not keep the others stuck.
      onError(task.id, error);
    }
  }
  return outcomes;
}

async function recoverOne(
  trx: Transaction<Database>,
  task: Task,
  policy: RecoveryPolicy,
  staleBefore: number,
  now: number,
): Promise<RecoveryOutcome | undefined> {
  const processed = Math.max(task.processedImages, await resultCount(trx, task.id));
  let action: RecoveryOutcome['action'];
  let values: Record<string, unknown>;
  if (task.stopRequested) {
    action = 'stopped';
    values = { status: 'stopped', finished_at: now };
  } else if (processed === 0) {
    action = 'requeued';
    values = { status: 'pending' };
  } else if (policy.mode === 'fail') {
    action = 'failed';
    values = {
      status: 'failed',
      finished_at: now,
      error_message: `host ${task.hostId ?? 'unknown'} stopped beating after ${processed} files; ` +
        'AUTO_ANNOTATION_RECOVERY=fail does not resume tasks',
    };
  } else if (task.attempts >= policy.maxAttempts) {
    action = 'failed';
    values = {
      status: 'failed',
      finished_at: now,
      error_message: `gave up after ${task.attempts} runs whose hosts died (MAX_TASK_ATTEMPTS=` +
        `${policy.maxAttempts}); ${processed} files have results`,
    };
  } else {
    action = 'resumed';
    values = { status: 'pending' };
  }

  // The run token and staleness are checked again in the update: a heartbeat that landed
  // since the scan keeps the task with its live host.
  let update = trx
    .updateTable(TASKS)
    .set({ ...values, run_token: null, heartbeat_at: null, updated_at: now } as never)
    .where('id', '=', task.id)
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', staleBefore)]));
  update = task.runToken === null ? update.where('run_token', 'is', null) : update.where('run_token', '=', task.runToken);
  const updated = await update.executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1 ? { taskId: task.id, action } : undefined;
}
