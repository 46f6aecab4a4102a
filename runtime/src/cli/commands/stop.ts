import type { Command } from 'commander';
import { NotFoundError } from '../../errors';
import type { RuntimeConfig } from '../../config/config';
import type { Task } from '../../storage/types';
import type { CliContext } from '../cli-context';
import { isFinished } from '../format/task-view';
import { followUntilEnd } from '../follow/follow-command';
import { positiveInt } from '../parse';
import { withRuntime } from '../runtime-session';

/**
 * `autoannotate stop <task>`: a pending task stops at once, a running one at its host's next
 * heartbeat (or at once when its host stopped beating), keeping the results it has.
 */
export function addStopCommand(program: Command, ctx: CliContext): void {
  program
    .command('stop')
    .description('stop a pending or running task; results written so far are kept')
    .argument('<task>', 'the task id', positiveInt)
    .option('--wait', 'wait until the host running it has stopped it')
    .option('--json', 'print the result as JSON')
    .action(async (taskId: number, options: { wait?: boolean; json?: boolean }) => {
      const config = ctx.config();
      await withRuntime(ctx, { plugins: false }, async (parts) => {
        const before = await parts.store.getTask(taskId);
        if (!before) throw new NotFoundError(`task ${taskId} does not exist`);
        if (isFinished(before.status)) {
          ctx.result(Boolean(options.json), { task: before, stopRequested: false }, () => [
            `task ${taskId} is already ${before.status}; nothing to stop`,
          ]);
          return;
        }
        let task = await parts.store.requestStop(taskId, config.heartbeatTimeoutSeconds * 1000);
        if (!task) throw new NotFoundError(`task ${taskId} does not exist`);
        if (options.wait && !isFinished(task.status)) {
          task = (await followUntilEnd(ctx, parts, taskId, 500)) ?? task;
        }
        const final = task;
        ctx.result(Boolean(options.json), { task: final, stopRequested: true }, () => [
          stopLine(final, config),
        ]);
      });
    });
}

function stopLine(task: Task, config: RuntimeConfig): string {
  if (!isFinished(task.status)) {
    return (
      `stop requested for task ${task.id}; the host running it stops it at its next heartbeat ` +
      `(within ${config.heartbeatIntervalSeconds} s)`
    );
  }
  if (task.status === 'stopped' && task.startedAt === null)
    return `task ${task.id} stopped before any host ran it`;
  return `task ${task.id} ${task.status}: ${task.processedImages}/${task.totalImages} files processed`;
}
