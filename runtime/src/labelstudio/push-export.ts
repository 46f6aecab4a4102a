import fs from 'node:fs/promises';
import type { RuntimeConfig } from '../config/config';
import type { LabelStudioTask } from '../contracts';
import { ConfigError } from '../errors';
import type { ExportFiles } from '../export/label-studio-export';
import type { Logger } from '../logging/logger';
import type { Task } from '../storage/types';
import { LabelStudioClient } from './label-studio-client';
import { projectTitle } from './project-title';
import { pushTasks, type PushSummary } from './push-tasks';

export interface PushExportOptions {
  /** Project title instead of the one made from the task's name and id. */
  readonly title?: string;
}

/** Throws a ConfigError naming what is missing when the config cannot reach Label Studio. */
export function assertLabelStudioConfigured(config: RuntimeConfig): { url: string; token: string } {
  if (config.labelStudioUrl && config.labelStudioToken) {
    return { url: config.labelStudioUrl, token: config.labelStudioToken };
  }
  const missing = [
    !config.labelStudioUrl && 'LABEL_STUDIO_URL',
    !config.labelStudioToken && 'LABEL_STUDIO_TOKEN',
  ]
    .filter(Boolean)
    .join(' and ');
  throw new ConfigError(`pushing to Label Studio needs ${missing} to be set`);
}

/**
 * Pushes the files `exportTask` wrote for `task` to the Label Studio server of the config.
 * The tasks file is read whole: fine for the tens of thousands of files a project holds.
 */
export async function pushExport(
  config: RuntimeConfig,
  task: Task,
  files: ExportFiles,
  logger: Logger,
  options: PushExportOptions = {},
): Promise<PushSummary> {
  const { url, token } = assertLabelStudioConfigured(config);
  const client = new LabelStudioClient({
    url,
    token,
    timeoutMs: config.labelStudioTimeoutSeconds * 1000,
  });
  const labelConfig = await fs.readFile(files.labelConfigFile, 'utf8');
  const tasks = JSON.parse(await fs.readFile(files.tasksFile, 'utf8')) as LabelStudioTask[];
  const title = options.title ?? projectTitle(task.name, task.id);

  return pushTasks(
    client,
    {
      title,
      description: `Predictions of auto-annotation task ${task.id} (${task.taskType}), pushed by autoannotate.`,
      labelConfig,
      tasks,
    },
    logger.child({ taskId: task.id }),
  );
}
