import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'tsyringe';
import type { RuntimeConfig } from '../config/config';
import type { Logger } from '../logging/logger';
import { PluginRegistry } from '../plugins/plugin-registry';
import type { Store } from '../storage/store';
import { TOKENS } from '../tokens';
import { RunEvents } from './run-events';
import { TaskRun, type RunOutcome } from './task-run';

/**
 * A worker host: recovers stale tasks at start and then periodically, claims pending tasks and
 * runs up to `taskWorkers` of them at once. `drain()` stops claiming, lets files in flight finish
 * (or gives the tasks back after the drain timeout) and resolves when every final write landed.
 */
@injectable()
export class TaskHost {
  readonly hostId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Runs in progress, each with the promise of its end (drain waits for them, also in `runUntilIdle`). */
  private readonly runs = new Map<TaskRun, Promise<RunOutcome>>();
  private draining = false;
  private readonly wake = new AbortController();
  private loops: Promise<void>[] = [];
  private recoveryTimer: NodeJS.Timeout | undefined;

  constructor(
    @inject(TOKENS.Config) private readonly config: RuntimeConfig,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(TOKENS.Store) private readonly store: Store,
    @inject(PluginRegistry) private readonly registry: PluginRegistry,
    @inject(TOKENS.Events) readonly events: RunEvents,
  ) {}

  /** Starts the claim loops; returns at once. */
  start(): void {
    this.logger.info(
      {
        hostId: this.hostId,
        dialect: this.store.dialect,
        taskWorkers: this.config.taskWorkers,
        fileWorkers: this.config.fileWorkers,
      },
      'host started',
    );
    void this.recover();
    if (this.config.heartbeatTimeoutSeconds > 0) {
      this.recoveryTimer = setInterval(
        () => void this.recover(),
        this.config.recoveryIntervalSeconds * 1000,
      );
      this.recoveryTimer.unref();
    }
    this.loops = Array.from({ length: this.config.taskWorkers }, () => this.claimLoop());
  }

  /** Runs until no pending task is left, then returns (used by `demo` and `run --once`). */
  async runUntilIdle(): Promise<RunOutcome[]> {
    await this.recover();
    const outcomes: RunOutcome[] = [];
    for (;;) {
      const outcome = await this.claimAndRun();
      if (outcome === undefined) return outcomes;
      outcomes.push(outcome);
    }
  }

  /** Stops claiming, finishes or gives back the tasks in flight, and waits for their writes. */
  async drain(): Promise<void> {
    if (this.draining) return Promise.all(this.loops).then(() => undefined);
    this.draining = true;
    this.wake.abort();
    clearInterval(this.recoveryTimer);
    this.logger.info({ running: this.runs.size }, 'host draining');
    for (const run of this.runs.keys()) run.drain();
    const timeout = setTimeout(() => {
      for (const run of this.runs.keys()) run.abortInFlight();
    }, this.config.drainTimeoutSeconds * 1000);
    try {
      await Promise.all([...this.loops, Promise.allSettled(this.runs.values())]);
    } finally {
      clearTimeout(timeout);
    }
    this.logger.info('host drained');
  }

  get activeRuns(): number {
    return this.runs.size;
  }

  private async claimLoop(): Promise<void> {
    while (!this.draining) {
      let outcome: RunOutcome | undefined;
      try {
        outcome = await this.claimAndRun();
      } catch (error) {
        // The database may be down: keep the host alive and try again after the poll delay.
        this.logger.error({ err: error }, 'claiming a task failed');
      }
      if (outcome === undefined && !this.draining) {
        await sleep(this.config.pollIntervalSeconds * 1000, undefined, {
          signal: this.wake.signal,
        }).catch(() => {});
      }
    }
  }

  private async claimAndRun(): Promise<RunOutcome | undefined> {
    if (this.draining) return undefined;
    const claimed = await this.store.claimNextTask(this.hostId);
    if (!claimed) return undefined;
    this.events.emit('task:claimed', { task: claimed.task, hostId: this.hostId });
    this.logger.info({ taskId: claimed.task.id, taskName: claimed.task.name }, 'task claimed');
    const run = new TaskRun(
      {
        config: this.config,
        logger: this.logger,
        store: this.store,
        registry: this.registry,
        events: this.events,
        hostId: this.hostId,
      },
      claimed.task,
      claimed.lease,
    );
    const ended = run.run();
    this.runs.set(run, ended);
    try {
      return await ended;
    } finally {
      this.runs.delete(run);
    }
  }

  private async recover(): Promise<void> {
    if (this.config.heartbeatTimeoutSeconds <= 0) return;
    try {
      const outcomes = await this.store.recoverStaleTasks(
        {
          timeoutMs: this.config.heartbeatTimeoutSeconds * 1000,
          maxAttempts: this.config.maxTaskAttempts,
          mode: this.config.recoveryMode,
        },
        (taskId, error) =>
          this.logger.error({ err: error, taskId }, 'recovering a stale task failed'),
      );
      for (const outcome of outcomes) this.logger.warn(outcome, 'stale task recovered');
    } catch (error) {
      // A database that is down at start must not stop the host: the next round retries.
      this.logger.error({ err: error }, 'stale task recovery failed; will retry');
    }
  }
}
