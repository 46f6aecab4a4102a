import { Option, type Command } from 'commander';
import { NotFoundError } from '../../errors';
import type { TaskStatus } from '../../storage/types';
import type { CliContext } from '../cli-context';
import { taskDetailLines, taskTableLines } from '../format/task-view';
import { positiveInt } from '../parse';
import { withRuntime } from '../runtime-session';

const STATUSES: readonly TaskStatus[] = ['pending', 'running', 'completed', 'failed', 'stopped'];

interface StatusOptions {
  status?: TaskStatus;
  limit: number;
  failures: number;
  json?: boolean;
}

/** `autoannotate status [task]`: the recent tasks as a table, or one task in detail with its failures. */
export function addStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('show the recent tasks, or one task in detail with the files that failed and why')
    .argument('[task]', 'a task id for the detail view', positiveInt)
    .addOption(new Option('--status <status>', 'list only tasks in this status').choices(STATUSES))
    .option('--limit <n>', 'how many of the most recent tasks to list', positiveInt, 20)
    .option('--failures <n>', 'how many failures the detail view lists', positiveInt, 20)
    .option('--json', 'print the result as JSON')
    .action(async (taskId: number | undefined, options: StatusOptions) => {
      await withRuntime(ctx, { plugins: false }, async ({ store }) => {
        if (taskId === undefined) {
          const tasks = await store.listTasks({ status: options.status, limit: options.limit });
          ctx.result(Boolean(options.json), { tasks }, () => taskTableLines(tasks));
          return;
        }
        const task = await store.getTask(taskId);
        if (!task) throw new NotFoundError(`task ${taskId} does not exist`);
        const failures = await store.listFailures(taskId, options.failures);
        ctx.result(Boolean(options.json), { task, failures }, () =>
          taskDetailLines(task, failures),
        );
      });
    });
}
