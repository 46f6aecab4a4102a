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
} from './types';

/**
 * The storage interface. The embedded SQLite store and the MySQL store implement it with the
 * same SQL (built by Kysely); every write a run makes takes its `RunLease` and lands only while
 * the task's `run_token` still equals the lease's token.
 */
export interface Store {
  /** `sqlite` or `mysql`, for logs and health. */
  readonly dialect: 'sqlite' | 'mysql';

  /**
   * Creates or upgrades the schema; safe when several hosts start at once. Waits (with backoff,
   * for a bounded time) for a database that does not answer yet.
   */
  migrate(): Promise<void>;
  /** Cheap round trip, for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;

  // Datasets
  createDataset(name: string, rootPath: string): Promise<Dataset>;
  getDataset(id: number): Promise<Dataset | undefined>;
  findDatasetByName(name: string): Promise<Dataset | undefined>;
  listDatasets(): Promise<Array<Dataset & { fileCount: number }>>;
  /** Adds files; files already registered (same relative path) are left as they are. */
  addDatasetFiles(datasetId: number, files: readonly NewDatasetFile[]): Promise<number>;
  /** One page of a dataset's files in id order, after `afterId`. */
  listDatasetFiles(
    datasetId: number,
    page: { afterId: number; limit: number; onlyIds?: readonly number[] | null },
  ): Promise<DatasetFile[]>;
  countDatasetFiles(datasetId: number, onlyIds?: readonly number[] | null): Promise<number>;

  // Tasks
  createTask(task: NewTask): Promise<Task>;
  getTask(id: number): Promise<Task | undefined>;
  listTasks(filter?: { status?: TaskStatus; limit?: number }): Promise<Task[]>;
  /** How many tasks are in each status (one grouped query, for metrics). */
  countTasksByStatus(): Promise<Record<TaskStatus, number>>;
  /** Claims the oldest pending task for this host; two hosts never win the same task. */
  claimNextTask(hostId: string): Promise<{ task: Task; lease: RunLease } | undefined>;
  /** Fenced heartbeat; also reports a stop request. */
  heartbeat(lease: RunLease): Promise<LeaseState>;
  /** Fenced progress write. */
  writeProgress(lease: RunLease, counts: RunCounts): Promise<LeaseState>;
  /** Fenced final write: status, true counts, message; clears the run token. */
  finishRun(
    lease: RunLease,
    status: Exclude<TaskStatus, 'pending' | 'running'>,
    counts: RunCounts,
    errorMessage: string | null,
  ): Promise<boolean>;
  /**
   * Gives a task back to `pending` (host draining), keeping its results. Fenced. The run does not
   * count towards the attempts limit.
   */
  releaseRun(lease: RunLease, counts: RunCounts): Promise<boolean>;
  /**
   * Asks a task to stop. A pending task, or a running one whose heartbeat is older than
   * `staleAfterMs`, is stopped at once; a live run sees the flag at its next heartbeat.
   */
  requestStop(taskId: number, staleAfterMs: number): Promise<Task | undefined>;
  /** Recovers running tasks whose heartbeat is stale, each in its own transaction. */
  recoverStaleTasks(
    policy: RecoveryPolicy,
    onError?: (taskId: number, error: unknown) => void,
  ): Promise<RecoveryOutcome[]>;

  // Labeling projects and results
  /** The task's labeling project, created on first use with this label config. Fenced. */
  ensureLabelingProject(
    lease: RunLease,
    project: { datasetId: number; name: string; configuration: string },
  ): Promise<LabelingProject>;
  getProjectForTask(taskId: number): Promise<LabelingProject | undefined>;
  /** Writes (or replaces) the results of several files at once. Fenced; false if lost. */
  saveResults(
    lease: RunLease,
    projectId: number,
    results: ReadonlyArray<{ fileId: number; result: unknown; regionCount?: number }>,
  ): Promise<boolean>;
  /** Ids of the files that already have a result in this project (for resumed runs). */
  listResultFileIds(projectId: number): Promise<Set<number>>;
  /** The results of a project, in file id order, one page at a time. */
  listResults(
    projectId: number,
    page: { afterFileId: number; limit: number },
  ): Promise<AnnotationResult[]>;
  countResults(projectId: number): Promise<number>;
  /** Regions (boxes, spans, choices) in a project's stored results. */
  sumRegions(projectId: number): Promise<number>;

  // File failures
  /** Records why files failed in this run. Fenced. */
  recordFailures(
    lease: RunLease,
    failures: ReadonlyArray<{ fileId: number; filePath: string; reason: string }>,
  ): Promise<boolean>;
  listFailures(taskId: number, limit?: number): Promise<FileFailure[]>;

  // Model configs
  upsertModelConfig(row: ModelConfigRow): Promise<void>;
  getModelConfig(modelId: string): Promise<ModelConfigRow | undefined>;
  listModelConfigs(): Promise<ModelConfigRow[]>;
}
