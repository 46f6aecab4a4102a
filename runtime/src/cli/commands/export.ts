import type { Command } from 'commander';
import { NotFoundError } from '../../errors';
import { exportTask } from '../../export/label-studio-export';
import { assertLabelStudioConfigured, pushExport } from '../../labelstudio/push-export';
import { MAX_PROJECT_TITLE } from '../../labelstudio/project-title';
import type { CliContext } from '../cli-context';
import { positiveInt } from '../parse';
import { withRuntime } from '../runtime-session';
import { UsageError } from '../usage-error';

interface ExportOptions {
  out?: string;
  push?: boolean;
  projectTitle?: string;
  json?: boolean;
}

/** `autoannotate export <task>`: Label Studio tasks JSON with predictions and the label config XML. */
export function addExportCommand(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description(
      "write a task's results as a Label Studio import (tasks JSON with predictions + label config XML)",
    )
    .argument('<task>', 'the task id', positiveInt)
    .option('--out <dir>', 'folder for the two files (default: EXPORT_DIR)')
    .option(
      '--push',
      'also push them to the Label Studio server at LABEL_STUDIO_URL (safe to repeat)',
    )
    .option(
      '--project-title <title>',
      `Label Studio project title (default: "<task name> (task <id>)", ` +
        `at most ${MAX_PROJECT_TITLE} characters)`,
    )
    .option('--json', 'print the result as JSON')
    .action(async (taskId: number, options: ExportOptions) => {
      const config = ctx.config();
      if (options.push) assertLabelStudioConfigured(config);
      const title = options.projectTitle?.trim();
      if (
        title !== undefined &&
        (Array.from(title).length < 3 || Array.from(title).length > MAX_PROJECT_TITLE)
      ) {
        throw new UsageError(`--project-title must have 3 to ${MAX_PROJECT_TITLE} characters`);
      }
      await withRuntime(ctx, { plugins: true }, async ({ store, registry }) => {
        const task = await store.getTask(taskId);
        if (!task) throw new NotFoundError(`task ${taskId} does not exist`);
        const files = await exportTask(store, registry, taskId, options.out ?? config.exportDir);
        const pushed = options.push
          ? await pushExport(config, task, files, ctx.logger(), { title })
          : undefined;

        ctx.result(Boolean(options.json), { ...files, push: pushed ?? null }, () => {
          const lines = [
            `exported task ${taskId}: ${files.taskCount} Label Studio tasks with predictions`,
            `  tasks         ${files.tasksFile}`,
            `  label config  ${files.labelConfigFile}`,
          ];
          if (task.status !== 'completed') {
            lines.push(`  note: the task is ${task.status}; files without a result are left out`);
          }
          if (pushed) {
            const notes =
              `${pushed.projectCreated ? ' (created)' : ''}` +
              `${pushed.labelConfigUpdated ? ' (label config updated)' : ''}`;
            lines.push(
              `pushed to Label Studio project ${pushed.projectId} "${pushed.title}"${notes}: ` +
                `${pushed.tasksImported} tasks imported, ${pushed.predictionsAdded} predictions added, ` +
                `${pushed.predictionsUpdated} updated, ${pushed.unchanged} unchanged`,
            );
          }
          return lines;
        });
      });
    });
}
