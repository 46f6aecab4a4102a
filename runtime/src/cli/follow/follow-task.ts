import { setTimeout as sleep } from 'node:timers/promises';
import { NotFoundError } from '../../errors';
import type { Logger } from '../../logging/logger';
import type { Store } from '../../storage/store';
import type { Task } from '../../storage/types';
import { isFinished } from '../format/task-view';
import type { ProgressDisplay } from './progress-display';

/** Polls in a row that may fail (database restarting) before following gives up. */
const MAX_FAILED_POLLS = 10;

export interface FollowOptions {
  readonly intervalMs: number;
  /** Aborted on Ctrl-C: following stops, the task goes on. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/**
 * Follows a task by polling its row (it may run on any host) until it completes, fails or is
 * stopped; resolves to the final row, or to undefined when following was interrupted.
 */
export async function followTask(
  store: Store,
  taskId: number,
  display: ProgressDisplay,
  options: FollowOptions,
): Promise<Task | undefined> {
  let last: Task | undefined;
  let failedPolls = 0;
  while (!options.signal.aborted) {
    try {
      const task = await store.getTask(taskId);
      if (!task) throw new NotFoundError(`task ${taskId} does not exist (was it deleted?)`);
      failedPolls = 0;
      last = task;
      if (isFinished(task.status)) {
        display.finish(task);
        return task;
      }
      display.update(task);
    } catch (error) {
      failedPolls += 1;
      if (error instanceof NotFoundError || failedPolls >= MAX_FAILED_POLLS) throw error;
      options.logger.warn({ err: error, taskId }, 'reading the task failed; trying again');
    }
    await sleep(options.intervalMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
  display.interrupt(last);
  return undefined;
}
