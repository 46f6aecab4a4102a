import { sql, type Kysely, type Transaction } from 'kysely';
import { StorageError } from '../../errors';
import { silentLogger, type Logger } from '../../logging/logger';
import type { Store } from '../store';
import type {
  AnnotationResult,
  Dataset,
  DatasetFile,
  FileFailure,
  LabelingProject,
  LeaseState,
  ModelConfigRow,
  NewDatasetFile,
  NewTask,
  RecoveryOutcome,
  RecoveryPolicy,
  RunCounts,
  RunLease,
  Task,
  TaskStatus,
} from '../types';
import type { Dialect } from '../migrations/dialect';
import { withDbRetryOrOutage } from '../transient';
import { migrateWithWait } from './migrate';
import type { Database } from './schema';
import * as rows from './row-mappers';
import * as tasks from './task-queries';
import * as datasets from './dataset-queries';
import { upsertModelConfig } from './model-config-queries';
import { upsertResults } from './result-queries';

const TASKS = 't_dm_auto_annotation_tasks';

export interface KyselyStoreOptions {
  readonly clock?: () => number;
  readonly logger?: Logger;
  /** How long `migrate()` waits for an unreachable database before it gives up. */
  readonly startupWaitMs?: number;
  /** Holds other processes off while migrating, where Kysely's migrator does not (SQLite). */
  readonly migrationLock?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** One Store over Kysely for both dialects; the few dialect differences are marked inline. */
export class KyselyStore implements Store {
  private readonly clock: () => number;

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    private readonly options: KyselyStoreOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
  }

  /** Migrates to the latest schema, waiting for a database that does not answer yet. */
  migrate(): Promise<void> {
    return migrateWithWait(this.db, this.dialect, this.options);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /**
   * Runs a read again, with backoff, when its connection dropped or the database was briefly
   * away: reads change nothing, so asking again is always safe. A fault that outlasts the retries
   * is thrown as a database outage (see transient.ts). Writes are retried by their callers, who
   * know whether a write may be repeated.
   */
  private read<T>(what: string, query: () => Promise<T>): Promise<T> {
    return withDbRetryOrOutage(what, query, this.options.logger ?? silentLogger());
  }

  /**
   * Runs `work` in a transaction that first locks the task row if `lease` still owns it, and
   * returns false (writing nothing) if it does not. A claim by another run waits for the lock, so
   * no write of this run lands after that claim, on any MySQL-compatible database.
   */
  private fenced(
    lease: RunLease,
    work: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await tasks.lockOwnedTask(trx, this.dialect, lease))) return false;
      await work(trx);
      return true;
    });
  }

  // Datasets

  async createDataset(name: string, rootPath: string): Promise<Dataset> {
    const now = this.clock();
    const inserted = await this.db
      .insertInto('t_dm_datasets')
      .values({ name, root_path: rootPath, created_at: now })
      .executeTakeFirstOrThrow();
    return { id: Number(inserted.insertId), name, rootPath, createdAt: now };
  }

  getDataset(id: number): Promise<Dataset | undefined> {
    return this.read('get dataset', async () => {
      const row = await this.db
        .selectFrom('t_dm_datasets')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? rows.toDataset(row) : undefined;
    });
  }

  findDatasetByName(name: string): Promise<Dataset | undefined> {
    return this.read('find dataset by name', async () => {
      const row = await this.db
        .selectFrom('t_dm_datasets')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? rows.toDataset(row) : undefined;
    });
  }

  listDatasets(): Promise<Array<Dataset & { fileCount: number }>> {
    return this.read('list datasets', () => datasets.listDatasets(this.db));
  }

  addDatasetFiles(datasetId: number, files: readonly NewDatasetFile[]): Promise<number> {
    return datasets.addDatasetFiles(this.db, this.dialect, datasetId, files, this.clock());
  }

  listDatasetFiles(
    datasetId: number,
    page: { afterId: number; limit: number; onlyIds?: readonly number[] | null },
  ): Promise<DatasetFile[]> {
    return this.read('list dataset files', () =>
      datasets.listDatasetFiles(this.db, datasetId, page),
    );
  }

  countDatasetFiles(datasetId: number, onlyIds?: readonly number[] | null): Promise<number> {
    return this.read('count dataset files', () =>
      datasets.countDatasetFiles(this.db, datasetId, onlyIds),
    );
  }

  // Tasks

  async createTask(task: NewTask): Promise<Task> {
    const now = this.clock();
    const inserted = await this.db
      .insertInto(TASKS)
      .values({
        name: task.name,
        dataset_id: task.datasetId,
        task_type: task.taskType,
        pipeline: JSON.stringify(task.pipeline),
        file_ids: task.fileIds ? JSON.stringify(task.fileIds) : null,
        status: 'pending',
        total_images: 0,
        processed_images: 0,
        failed_images: 0,
        detected_objects: 0,
        attempts: 0,
        stop_requested: 0,
        created_at: now,
        updated_at: now,
      })
      .executeTakeFirstOrThrow();
    const created = await this.getTask(Number(inserted.insertId));
    if (!created) throw new StorageError(`task ${String(inserted.insertId)} vanished after insert`);
    return created;
  }

  getTask(id: number): Promise<Task | undefined> {
    return this.read('get task', async () => {
      const row = await this.db
        .selectFrom(TASKS)
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? rows.toTask(row) : undefined;
    });
  }

  listTasks(filter: { status?: TaskStatus; limit?: number } = {}): Promise<Task[]> {
    return this.read('list tasks', async () => {
      let query = this.db.selectFrom(TASKS).selectAll();
      if (filter.status) query = query.where('status', '=', filter.status);
      const found = await query
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 100)
        .execute();
      return found.map(rows.toTask);
    });
  }

  countTasksByStatus(): Promise<Record<TaskStatus, number>> {
    return this.read('count tasks by status', async () => {
      const found = await this.db
        .selectFrom(TASKS)
        .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
        .groupBy('status')
        .execute();
      const counts: Record<TaskStatus, number> = {
        pending: 0,
        running: 0,
        completed: 0,
        failed: 0,
        stopped: 0,
      };
      for (const row of found) counts[row.status as TaskStatus] = Number(row.n);
      return counts;
    });
  }

  claimNextTask(hostId: string): Promise<{ task: Task; lease: RunLease } | undefined> {
    return tasks.claimNextTask(this.db, hostId, this.clock);
  }

  heartbeat(lease: RunLease): Promise<LeaseState> {
    return tasks.heartbeat(this.db, lease, this.clock());
  }

  writeProgress(lease: RunLease, counts: RunCounts): Promise<LeaseState> {
    return tasks.writeProgress(this.db, lease, counts, this.clock());
  }

  finishRun(
    lease: RunLease,
    status: Exclude<TaskStatus, 'pending' | 'running'>,
    counts: RunCounts,
    errorMessage: string | null,
  ): Promise<boolean> {
    return tasks.finishRun(this.db, lease, status, counts, errorMessage, this.clock());
  }

  releaseRun(lease: RunLease, counts: RunCounts): Promise<boolean> {
    return tasks.releaseRun(this.db, lease, counts, this.clock());
  }

  requestStop(taskId: number, staleAfterMs: number): Promise<Task | undefined> {
    return tasks.requestStop(this.db, taskId, staleAfterMs, this.clock());
  }

  recoverStaleTasks(policy: RecoveryPolicy, onError?: (taskId: number, error: unknown) => void) {
    return tasks.recoverStaleTasks(this.db, policy, this.clock(), onError ?? (() => undefined));
  }

  // Labeling projects and results

  async ensureLabelingProject(
    lease: RunLease,
    project: { datasetId: number; name: string; configuration: string },
  ): Promise<LabelingProject> {
    const existing = await this.getProjectForTask(lease.taskId);
    if (existing) return existing;
    const now = this.clock();
    const owned = await this.fenced(lease, async (trx) => {
      const insert = trx.insertInto('t_dm_labeling_projects').values({
        task_id: lease.taskId,
        dataset_id: project.datasetId,
        name: project.name,
        configuration: project.configuration,
        created_at: now,
      });
      // Unique on task: an earlier run of the task may have made it already.
      await (
        this.dialect === 'mysql' ? insert.ignore() : insert.onConflict((oc) => oc.doNothing())
      ).execute();
    });
    const created = await this.getProjectForTask(lease.taskId);
    if (!owned || !created) {
      throw new StorageError(
        `task ${lease.taskId}: the run lost its task before its project was made`,
      );
    }
    return created;
  }

  getProjectForTask(taskId: number): Promise<LabelingProject | undefined> {
    return this.read('get project for task', async () => {
      const row = await this.db
        .selectFrom('t_dm_labeling_projects')
        .selectAll()
        .where('task_id', '=', taskId)
        .executeTakeFirst();
      return row ? rows.toProject(row) : undefined;
    });
  }

  async saveResults(
    lease: RunLease,
    projectId: number,
    results: ReadonlyArray<{ fileId: number; result: unknown; regionCount?: number }>,
  ): Promise<boolean> {
    if (results.length === 0) return true;
    const now = this.clock();
    return this.fenced(lease, async (trx) => {
      const write = { projectId, taskId: lease.taskId, runToken: lease.runToken, now };
      const resultRows = results.map((item) => ({
        fileId: item.fileId,
        json: JSON.stringify(item.result),
        regionCount: item.regionCount ?? 0,
      }));
      await upsertResults(trx, this.dialect, write, resultRows);
      // A file that failed in an earlier run and succeeded now is no longer a failure.
      await this.forgetFailures(
        trx,
        lease.taskId,
        results.map((r) => r.fileId),
      );
    });
  }

  /** Drops the failure rows of files that are written again (resumed runs retry failed files). */
  private async forgetFailures(
    trx: Transaction<Database>,
    taskId: number,
    fileIds: readonly number[],
  ): Promise<void> {
    await trx
      .deleteFrom('t_dm_auto_annotation_failures')
      .where('task_id', '=', taskId)
      .where('file_id', 'in', [...fileIds])
      .execute();
  }

  listResultFileIds(projectId: number): Promise<Set<number>> {
    return this.read('list result file ids', async () => {
      const found = await this.db
        .selectFrom('t_dm_annotation_results')
        .select('file_id')
        .where('project_id', '=', projectId)
        .execute();
      return new Set(found.map((r) => Number(r.file_id)));
    });
  }

  listResults(
    projectId: number,
    page: { afterFileId: number; limit: number },
  ): Promise<AnnotationResult[]> {
    return this.read('list results', async () => {
      const found = await this.db
        .selectFrom('t_dm_annotation_results')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('file_id', '>', page.afterFileId)
        .orderBy('file_id')
        .limit(page.limit)
        .execute();
      return found.map(rows.toResult);
    });
  }

  countResults(projectId: number): Promise<number> {
    return this.read('count results', async () => {
      const row = await this.db
        .selectFrom('t_dm_annotation_results')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    });
  }

  /** Regions in the results already stored, for a resumed run's `detected_objects`. */
  sumRegions(projectId: number): Promise<number> {
    return this.read('sum regions', async () => {
      const row = await this.db
        .selectFrom('t_dm_annotation_results')
        .select((eb) => eb.fn.sum<number | string | null>('region_count').as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    });
  }

  // File failures

  async recordFailures(
    lease: RunLease,
    failures: ReadonlyArray<{ fileId: number; filePath: string; reason: string }>,
  ): Promise<boolean> {
    if (failures.length === 0) return true;
    const now = this.clock();
    return this.fenced(lease, async (trx) => {
      await this.forgetFailures(
        trx,
        lease.taskId,
        failures.map((f) => f.fileId),
      );
      await trx
        .insertInto('t_dm_auto_annotation_failures')
        .values(
          failures.map((failure) => ({
            task_id: lease.taskId,
            file_id: failure.fileId,
            file_path: failure.filePath,
            reason: failure.reason.slice(0, 2000),
            run_token: lease.runToken,
            created_at: now,
          })),
        )
        .execute();
    });
  }

  listFailures(taskId: number, limit = 100): Promise<FileFailure[]> {
    return this.read('list failures', async () => {
      const found = await this.db
        .selectFrom('t_dm_auto_annotation_failures')
        .selectAll()
        .where('task_id', '=', taskId)
        .orderBy('id')
        .limit(limit)
        .execute();
      return found.map(rows.toFailure);
    });
  }

  // Model configs

  upsertModelConfig(row: ModelConfigRow): Promise<void> {
    return upsertModelConfig(this.db, this.dialect, row, this.clock());
  }

  getModelConfig(modelId: string): Promise<ModelConfigRow | undefined> {
    return this.read('get model config', async () => {
      const row = await this.db
        .selectFrom('t_model_config')
        .selectAll()
        .where('model_id', '=', modelId)
        .executeTakeFirst();
      return row ? rows.toModelConfig(row) : undefined;
    });
  }

  listModelConfigs(): Promise<ModelConfigRow[]> {
    return this.read('list model configs', async () => {
      const found = await this.db
        .selectFrom('t_model_config')
        .selectAll()
        .orderBy('model_id')
        .execute();
      return found.map(rows.toModelConfig);
    });
  }
}
