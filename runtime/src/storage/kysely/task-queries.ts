import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  LeaseState,
  RecoveryOutcome,
  RecoveryPolicy,
  RunCounts,
  RunLease,
  Task,
  TaskStatus,
} from '../types';
import type { Dialect } from '../migrations/dialect';
import { isConflictDbError } from '../transient';
import type { Database } from './schema';
import { toTask } from './row-mappers';

/**
 * The task-row statements of a run. Each write is one conditional statement
 * (`... WHERE id = ? AND run_token = ?`), so it lands only while the run still owns its task,
 * whatever the dialect and without holding locks between statements. Writes to other tables
 * (results, failures) first lock the task row with `lockOwnedTask`, in the same transaction.
 */

type Db = Kysely<Database> | Transaction<Database>;
const TASKS = 't_dm_auto_annotation_tasks';

/** How many pending candidates one claim round looks at. */
const CLAIM_CANDIDATES = 8;
/** Rounds of candidates before giving up until the next poll, when others keep winning. */
const CLAIM_ROUNDS = 3;

/**
 * Claims the oldest pending task: read a few candidates, then take one with a conditional update
 * (`... WHERE id = ? AND status = 'pending'`) that sets status, a fresh run token, heartbeat and
 * attempt count in one statement. Of two hosts racing for a task exactly one matches the row;
 * the other moves on. No table locks, no `SKIP LOCKED`, no reliance on id order or gaps
 * (distributed databases hand out ids out of order), so it holds on MySQL-compatible clusters.
 */
export async function claimNextTask(
  db: Kysely<Database>,
  hostId: string,
  clock: () => number,
): Promise<{ task: Task; lease: RunLease } | undefined> {
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    const candidates = await db
      .selectFrom(TASKS)
      .select('id')
      .where('status', '=', 'pending')
      .orderBy('created_at')
      .orderBy('id')
      .limit(CLAIM_CANDIDATES)
      .execute();
    if (candidates.length === 0) return undefined;

    for (const candidate of candidates) {
      const claimed = await claimOne(db, Number(candidate.id), hostId, clock());
      if (claimed) return claimed;
    }
    // Every candidate went to another host: look again, there may be more behind them.
  }
  return undefined;
}

async function claimOne(
  db: Kysely<Database>,
  taskId: number,
  hostId: string,
  now: number,
): Promise<{ task: Task; lease: RunLease } | undefined> {
  const runToken = randomUUID();
  let updated;
  try {
    updated = await db
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
      .where('id', '=', taskId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
  } catch (error) {
    // A deadlock or write conflict (optimistic clusters) means another host won this row.
    if (isConflictDbError(error)) return undefined;
    throw error;
  }
  if (Number(updated.numUpdatedRows) !== 1) return undefined;
  const row = await db
    .selectFrom(TASKS)
    .selectAll()
    .where('id', '=', taskId)
    .executeTakeFirstOrThrow();
  return { task: toTask(row), lease: { taskId, runToken } };
}

/**
 * Inside a transaction: locks the task row if the lease still owns it. On MySQL a locking read
 * (`FOR UPDATE`, honoured by InnoDB and by TiDB in both transaction modes); on SQLite a no-op
 * write, which takes the database's write lock at once instead of upgrading a read later.
 */
export async function lockOwnedTask(
  trx: Transaction<Database>,
  dialect: Dialect,
  lease: RunLease,
): Promise<boolean> {
  if (dialect === 'mysql') {
    const row = await trx
      .selectFrom(TASKS)
      .select('id')
      .where('id', '=', lease.taskId)
      .where('run_token', '=', lease.runToken)
      .forUpdate()
      .executeTakeFirst();
    return row !== undefined;
  }
  const updated = await trx
    .updateTable(TASKS)
    .set({ run_token: lease.runToken })
    .where('id', '=', lease.taskId)
    .where('run_token', '=', lease.runToken)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
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
  return {
    owned: row?.run_token === lease.runToken,
    stopRequested: Number(row?.stop_requested) !== 0,
  };
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

export function writeProgress(
  db: Db,
  lease: RunLease,
  counts: RunCounts,
  now: number,
): Promise<LeaseState> {
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

/** Gives the task back to `pending`. A clean hand-back is not a run whose host died, so it
 * does not count towards `MAX_TASK_ATTEMPTS`. */
export async function releaseRun(
  db: Db,
  lease: RunLease,
  counts: RunCounts,
  now: number,
): Promise<boolean> {
  const updated = await db
    .updateTable(TASKS)
    .set({
      ...countColumns(counts),
      status: 'pending',
      run_token: null,
      heartbeat_at: null,
      attempts: sql<number>`case when attempts > 0 then attempts - 1 else 0 end`,
      updated_at: now,
    })
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
      .set({
        status: 'stopped',
        run_token: null,
        heartbeat_at: null,
        finished_at: now,
        updated_at: now,
      })
      .where('id', '=', taskId)
      .where('status', '=', 'running')
      .where((eb) =>
        eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', now - staleAfterMs)]),
      )
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
      const outcome = await db
        .transaction()
        .execute((trx) => recoverOne(trx, task, policy, staleBefore, now));
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
  const host = task.hostId ?? 'unknown';
  let action: RecoveryOutcome['action'];
  let values: Record<string, unknown>;
  if (task.stopRequested) {
    action = 'stopped';
    values = { status: 'stopped', finished_at: now };
  } else if (task.attempts >= policy.maxAttempts) {
    // Also when nothing was processed: a first file that kills its host must not loop forever.
    action = 'failed';
    values = {
      status: 'failed',
      finished_at: now,
      error_message:
        `gave up after ${task.attempts} runs whose hosts stopped beating (MAX_TASK_ATTEMPTS=` +
        `${policy.maxAttempts}); the last ran on ${host}; ${processed} files have results`,
    };
  } else if (processed === 0) {
    action = 'requeued';
    values = { status: 'pending' };
  } else if (policy.mode === 'fail') {
    action = 'failed';
    values = {
      status: 'failed',
      finished_at: now,
      error_message:
        `host ${host} stopped beating after ${processed} files; ` +
        'AUTO_ANNOTATION_RECOVERY=fail does not resume tasks',
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
  update =
    task.runToken === null
      ? update.where('run_token', 'is', null)
      : update.where('run_token', '=', task.runToken);
  const updated = await update.executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1 ? { taskId: task.id, action } : undefined;
}
