import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { ConversionTask, OperatorFile } from '../contracts';
import { errorCode, NotFoundError, TASK_FATAL_CODES, toError } from '../errors';
import type { Logger } from '../logging/logger';
import { isDatabaseOutage, withDbRetry, withDbRetryOrOutage } from '../storage/transient';
import type { LabelingProject, LeaseState, RunLease, Task } from '../storage/types';
import { forEachBounded } from './bounded';
import { taskFiles } from './dataset-files';
import { StoreModelConfigSource } from './model-config-source';
import {
  checkPipeline,
  closeSteps,
  mergeLabels,
  prepareSteps,
  type PreparedStep,
} from './pipeline';
import { ProgressThrottle } from './progress-throttle';
import { ResultBatch } from './result-batch';
import { RunCounters } from './run-counters';
import { annotateFile, type FinishedFile, type PreparedRun } from './annotate-file';
import type { RunDependencies } from './run-context';

/** How a run ended, from the host's point of view. */
export type RunOutcome = 'completed' | 'failed' | 'stopped' | 'released' | 'lost';

type EndReason =
  | { kind: 'stop' }
  | { kind: 'lost' }
  | { kind: 'drain' }
  /** The database stayed unreachable: the task goes back to pending, nobody is blamed. */
  | { kind: 'outage' }
  | { kind: 'failed'; message: string };

/**
 * With a progress interval, results are written in batches of up to this many files, at most
 * this long after the first of them finished: one transaction (and, on SQLite, one lock of the
 * task row) per batch instead of per file. A host that dies loses at most that much work.
 */
const RESULT_BATCH_FILES = 500;

const RESULT_BATCH_LINGER_MS = 200;

/**
 * One run of one claimed task: prepare the pipeline, annotate every file not yet annotated with
 * bounded concurrency, keep the heartbeat and the (throttled) progress up to date, and always
 * end with one fenced final write carrying the true counts.
 */
export class TaskRun {
  private readonly counters = new RunCounters();
  private readonly throttle: ProgressThrottle;
  /** Aborted to make operators give up files in flight (stop, lost task, drain timeout). */
  private readonly inFlight = new AbortController();
  private readonly logger: Logger;
  private end: EndReason | undefined;
  /** Progress writes go out one after another; `progressPending` counts those not done yet. */
  private progressQueue: Promise<void> = Promise.resolve();
  private progressPending = 0;
  private firstFailure: string | undefined;
  private project: LabelingProject | undefined;
  /** Unset when the progress interval is 0: then each file's result is written at once. */
  private readonly results: ResultBatch<FinishedFile> | undefined;

  constructor(
    private readonly deps: RunDependencies,
    private readonly task: Task,
    private readonly lease: RunLease,
  ) {
    this.logger = deps.logger.child({
      taskId: task.id,
      taskType: task.taskType,
      hostId: deps.hostId,
    });
    this.throttle = new ProgressThrottle(deps.config.progressIntervalSeconds * 1000);
    const intervalMs = deps.config.progressIntervalSeconds * 1000;
    if (intervalMs > 0) {
      this.results = new ResultBatch(
        (files) => this.saveFinished(files),
        Math.min(intervalMs, RESULT_BATCH_LINGER_MS),
        RESULT_BATCH_FILES,
      );
    }
    // Every file in flight may listen on this signal; FILE_WORKERS can exceed Node's default 10.
    setMaxListeners(0, this.inFlight.signal);
  }

  /** Asks the run to stop taking files (host draining); files in flight still finish. */
  drain(): void {
    this.endWith({ kind: 'drain' });
  }

  /** Gives up files in flight at once (drain timeout). */
  abortInFlight(): void {
    this.inFlight.abort(new Error('the host is shutting down'));
  }

  async run(): Promise<RunOutcome> {
    const started = performance.now();
    this.logger.info({ attempt: this.task.attempts }, 'task run started');
    const heartbeat = setInterval(
      () => void this.beat(),
      this.deps.config.heartbeatIntervalSeconds * 1000,
    );
    let steps: PreparedStep[] = [];
    let exhausted = false;
    try {
      const prepared = await this.prepare((made) => {
        steps = made;
      });
      await this.writeProgress();
      const dataset = await this.deps.store.getDataset(this.task.datasetId);
      if (!dataset)
        throw new NotFoundError(
          `dataset ${this.task.datasetId} of task ${this.task.id} does not exist`,
        );
      const done = await this.deps.store.listResultFileIds(prepared.project.id);
      await forEachBounded(
        taskFiles(this.deps.store, this.task, dataset, done),
        this.deps.config.fileWorkers,
        () => this.end === undefined,
        (file) => this.processFile(file, prepared),
      );
      exhausted = this.end === undefined;
    } catch (error) {
      const err = toError(error);
      if (isDatabaseOutage(err)) {
        this.databaseOutage(err);
      } else {
        this.logger.error({ err }, 'task run failed');
        this.endWith({ kind: 'failed', message: err.message });
      }
    } finally {
      // Files that finished before the run ended keep their results, whatever ended it.
      await this.results?.flush();
      clearInterval(heartbeat);
      await closeSteps(steps);
    }
    const outcome = await this.finish(exhausted);
    const seconds = Math.round(performance.now() - started) / 1000;
    this.logger.info({ outcome, seconds, ...this.counters.snapshot() }, 'task run finished');
    return outcome;
  }

  private async prepare(onSteps: (steps: PreparedStep[]) => void): Promise<PreparedRun> {
    const { store, registry } = this.deps;
    // Counted first, so that a task failing while its operators load still reports its size.
    this.counters.totalImages = await store.countDatasetFiles(
      this.task.datasetId,
      this.task.fileIds,
    );
    const checked = checkPipeline(registry, this.task.taskType, this.task.pipeline);
    const modelConfigs = new StoreModelConfigSource(store);
    const steps = await prepareSteps(this.task, checked.steps, (operator) => ({
      taskId: this.task.id,
      logger: this.logger.child({ operator }),
      modelConfigs,
      signal: this.inFlight.signal,
      baseDir: this.deps.config.home,
    }));
    onSteps(steps);

    const conversionTask: ConversionTask = {
      taskId: this.task.id,
      taskType: this.task.taskType,
      labels: mergeLabels(steps),
      steps: checked.steps.map((s) => ({ operator: s.operator.spec.name, params: s.params })),
    };
    const project = await withDbRetryOrOutage(
      'create labeling project',
      () =>
        store.ensureLabelingProject(this.lease, {
          datasetId: this.task.datasetId,
          name: `${this.task.name} (task ${this.task.id})`,
          configuration: checked.converter.labelConfig(conversionTask),
        }),
      this.logger,
    );

    // A resumed run counts what earlier runs annotated and skips those files.
    this.counters.processedImages = await store.countResults(project.id);
    this.counters.detectedObjects = await store.sumRegions(project.id);
    const modelVersion = steps.map((s) => s.instance.modelVersion).join('+');
    this.project = project;
    const operator = steps.map((s) => s.name).join('>');
    return { steps, converter: checked.converter, conversionTask, project, modelVersion, operator };
  }

  private async processFile(file: OperatorFile, prepared: PreparedRun): Promise<void> {
    try {
      const finished = await annotateFile(prepared, file, this.inFlight.signal, this.logger);
      const { prediction, conversion } = finished;
      // Batched results are counted, reported and followed by progress once their batch lands.
      if (this.results) return await this.results.add(finished);
      const saved = await withDbRetryOrOutage(
        'save result',
        () =>
          this.deps.store.saveResults(this.lease, prepared.project.id, [
            { fileId: file.id, result: prediction, regionCount: conversion.regionCount },
          ]),
        this.logger,
      );
      if (!saved) return this.lost();
      this.fileDone(finished);
    } catch (error) {
      // A database that does not answer is not the file's fault: it is neither done nor failed.
      if (isDatabaseOutage(error)) this.databaseOutage(error);
      else await this.fileFailed(file, prepared.operator, error);
    }
    await this.maybeWriteProgress();
  }

  /** Writes a batch of finished files in one fenced call; each counts as done once it landed. */
  private async saveFinished(files: FinishedFile[]): Promise<void> {
    const project = this.project;
    if (project === undefined || this.end?.kind === 'lost') return;
    try {
      const rows = files.map(({ file, prediction, conversion }) => ({
        fileId: file.id,
        result: prediction,
        regionCount: conversion.regionCount,
      }));
      const saved = await withDbRetryOrOutage(
        'save results',
        () => this.deps.store.saveResults(this.lease, project.id, rows),
        this.logger,
      );
      if (!saved) return this.lost();
      files.forEach((f) => this.fileDone(f));
    } catch (error) {
      if (isDatabaseOutage(error)) return this.databaseOutage(error);
      // One result the database refuses must not fail the rest of its batch: retry one by one.
      if (files.length > 1) {
        for (const f of files) await this.saveFinished([f]);
        return;
      }
      await this.fileFailed(files[0]!.file, files[0]!.operator, error);
    }
    await this.maybeWriteProgress();
  }

  private fileDone({ file, operator, started, conversion }: FinishedFile): void {
    if (conversion.dropped.length > 0) {
      this.logger.warn(
        {
          fileId: file.id,
          file: file.relativePath,
          dropped: conversion.dropped.slice(0, 10),
          droppedCount: conversion.dropped.length,
        },
        'operator output dropped by the converter',
      );
    }
    this.counters.annotated(conversion.regionCount);
    this.deps.events.emit('file:done', {
      taskId: this.task.id,
      fileId: file.id,
      operator,
      ms: performance.now() - started,
      regions: conversion.regionCount,
    });
  }

  private async fileFailed(file: OperatorFile, operator: string, error: unknown): Promise<void> {
    // A file cut short by a stop or a lost task is not finished: it is neither done nor failed.
    if (this.inFlight.signal.aborted || this.end?.kind === 'lost') return;
    const err = toError(error);
    const code = errorCode(err);
    if (code !== undefined && TASK_FATAL_CODES.has(code)) {
      this.logger.error({ err, fileId: file.id }, 'operator error ends the task');
      this.endWith({ kind: 'failed', message: err.message });
      return;
    }
    const reason = err.message.includes(file.relativePath)
      ? err.message
      : `${file.relativePath}: ${err.message}`;
    this.logger.warn({ fileId: file.id, file: file.relativePath, code, reason }, 'file failed');
    let recorded: boolean;
    try {
      recorded = await withDbRetryOrOutage(
        'record failure',
        () =>
          this.deps.store.recordFailures(this.lease, [
            { fileId: file.id, filePath: file.relativePath, reason },
          ]),
        this.logger,
      );
    } catch (recordError) {
      if (isDatabaseOutage(recordError)) return this.databaseOutage(recordError);
      throw recordError;
    }
    if (!recorded) return this.lost();
    // Counted only once its failure row is stored, so the final counts match the rows.
    this.firstFailure ??= reason;
    this.counters.failed();
    this.deps.events.emit('file:failed', {
      taskId: this.task.id,
      fileId: file.id,
      operator,
      reason,
      code,
    });

    const limit = this.deps.config.maxConsecutiveFailures;
    if (limit > 0 && this.counters.consecutiveFailures >= limit) {
      this.endWith({
        kind: 'failed',
        message:
          `gave up after ${limit} files failed in a row ` +
          `(MAX_CONSECUTIVE_FAILURES); first failure: ${this.firstFailure}`,
      });
    }
  }

  private endWith(reason: EndReason): void {
    // The first reason wins, except that losing the task overrides everything.
    if (this.end === undefined || reason.kind === 'lost') this.end = reason;
    if (reason.kind === 'stop' || reason.kind === 'lost')
      this.inFlight.abort(new Error(`run ${reason.kind}`));
  }

  private databaseOutage(error: unknown): void {
    if (this.end === undefined) {
      this.logger.error({ err: error }, 'the database stayed unreachable; giving the task back');
    }
    this.endWith({ kind: 'outage' });
  }

  private lost(): void {
    if (this.end?.kind === 'lost') return;
    this.logger.warn('another run owns this task now; this run stops without writing');
    this.endWith({ kind: 'lost' });
    this.deps.events.emit('run:lost', { taskId: this.task.id });
  }

  private onLeaseState(state: LeaseState): void {
    if (!state.owned) this.lost();
    else if (state.stopRequested && this.end === undefined) {
      this.logger.info('stop requested');
      this.endWith({ kind: 'stop' });
    }
  }

  private async beat(): Promise<void> {
    if (this.end?.kind === 'lost') return;
    try {
      this.onLeaseState(await this.deps.store.heartbeat(this.lease));
      this.deps.events.emit('heartbeat:written', { taskId: this.task.id });
    } catch (error) {
      // A missed beat is survivable: the next one retries, and the timeout is far longer.
      this.logger.warn({ err: error }, 'heartbeat write failed');
    }
  }

  private async maybeWriteProgress(): Promise<void> {
    // With an interval, a write still on its way stands for this file too; at 0 every file
    // writes, in turn, so that concurrent files do not swallow each other's writes.
    const coalesce = this.progressPending > 0 && this.deps.config.progressIntervalSeconds > 0;
    if (coalesce || this.end !== undefined || !this.throttle.take()) return;
    await this.writeProgress();
  }

  private writeProgress(): Promise<void> {
    this.progressPending += 1;
    this.progressQueue = this.progressQueue
      .then(() => this.writeProgressNow())
      .finally(() => {
        this.progressPending -= 1;
      });
    return this.progressQueue;
  }

  private async writeProgressNow(): Promise<void> {
    if (this.end?.kind === 'lost') return;
    try {
      const counts = this.counters.snapshot();
      this.onLeaseState(
        await withDbRetry(
          'write progress',
          () => this.deps.store.writeProgress(this.lease, counts),
          this.logger,
          { attempts: 3 },
        ),
      );
      this.deps.events.emit('progress:written', { taskId: this.task.id, counts });
    } catch (error) {
      // Progress is advisory; the final write carries the true counts.
      this.logger.warn({ err: error }, 'progress write failed');
    }
  }

  private async finish(exhausted: boolean): Promise<RunOutcome> {
    const counts = this.counters.snapshot();
    const { store, events } = this.deps;
    const end = this.end;
    if (end?.kind === 'lost') return 'lost';

    if ((end?.kind === 'drain' && !exhausted) || end?.kind === 'outage') {
      const released = await withDbRetry(
        'release task',
        () => store.releaseRun(this.lease, counts),
        this.logger,
      );
      if (!released) return 'lost';
      events.emit('task:released', { taskId: this.task.id, counts });
      return 'released';
    }

    let status: 'completed' | 'failed' | 'stopped' = 'completed';
    let message: string | null = null;
    if (end?.kind === 'failed') {
      status = 'failed';
      message = end.message;
    } else if (end?.kind === 'stop') {
      status = 'stopped';
    } else if (counts.totalImages > 0 && counts.failedImages === counts.totalImages) {
      status = 'failed';
      message = `all ${counts.totalImages} files failed; first failure: ${this.firstFailure}`;
    }
    const written = await withDbRetry(
      'write final status',
      () => store.finishRun(this.lease, status, counts, message),
      this.logger,
      { attempts: 12 },
    );
    if (!written) return 'lost';
    events.emit('task:finished', { taskId: this.task.id, status, counts, message });
    return status;
  }
}
