import fs from 'node:fs/promises';
import path from 'node:path';
import { ErrorCodes, NotFoundError, RuntimeError } from '../errors';
import type { PluginRegistry } from '../plugins/plugin-registry';
import type { Store } from '../storage/store';
import type { Task } from '../storage/types';
import { readTextFile } from '../files/read-text';
import type { LabelStudioPrediction, LabelStudioTask } from '../contracts';

/** Results are read from the database this many at a time while the export is written. */
const PAGE_SIZE = 200;

export interface ExportFiles {
  /** Label Studio import JSON: a list of tasks with `data` and `predictions`. */
  readonly tasksFile: string;
  /** The labeling project's label config XML. */
  readonly labelConfigFile: string;
  readonly taskCount: number;
}

/**
 * Writes a task's results as a Label Studio import: one Label Studio task per dataset file
 * that has a result, its prediction as stored, and the label config next to it. Files are
 * streamed page by page, so a large task does not sit in memory.
 */
export async function exportTask(
  store: Store,
  registry: PluginRegistry,
  taskId: number,
  outDir: string,
): Promise<ExportFiles> {
  const task = await store.getTask(taskId);
  if (!task) throw new NotFoundError(`task ${taskId} does not exist`);
  const project = await store.getProjectForTask(taskId);
  if (!project)
    throw new NotFoundError(`task ${taskId} has no labeling project yet (it has not run)`);
  const dataset = await store.getDataset(task.datasetId);
  if (!dataset)
    throw new NotFoundError(`dataset ${task.datasetId} of task ${taskId} does not exist`);
  const converter = registry.converter(task.taskType);

  const base = path.join(outDir, `task-${taskId}`);
  const labelConfigFile = `${base}.label-config.xml`;
  const tasksFile = `${base}.tasks.json`;
  // Tasks go to a partial file renamed at the end: a failed export leaves no half-written JSON.
  const partialFile = `${tasksFile}.partial`;
  await io(outDir, () => fs.mkdir(outDir, { recursive: true }));
  await io(outDir, () => fs.writeFile(labelConfigFile, `${project.configuration}\n`));

  const out = await io(outDir, () => fs.open(partialFile, 'w'));
  let taskCount = 0;
  try {
    await out.write('[\n');
    let afterFileId = 0;
    for (;;) {
      const results = await store.listResults(project.id, { afterFileId, limit: PAGE_SIZE });
      if (results.length === 0) break;
      afterFileId = results[results.length - 1]!.fileId;
      const files = await filesById(
        store,
        task,
        results.map((r) => r.fileId),
      );
      for (const result of results) {
        const file = files.get(result.fileId);
        if (!file) continue;
        const absolute = path.resolve(dataset.rootPath, file.filePath);
        const operatorFile = {
          id: file.id,
          path: absolute,
          relativePath: file.filePath,
          kind: file.fileType,
          size: file.fileSize,
        };
        const lsTask: LabelStudioTask = {
          data: await converter.taskData(operatorFile, () => readTextFile(absolute)),
          predictions: [result.result as LabelStudioPrediction],
          meta: { file_id: file.id, file_path: file.filePath, auto_annotation_task_id: taskId },
        };
        await out.write(`${taskCount === 0 ? '' : ',\n'}${JSON.stringify(lsTask)}`);
        taskCount += 1;
      }
    }
    await out.write('\n]\n');
    await out.close();
    await io(outDir, () => fs.rename(partialFile, tasksFile));
  } catch (error) {
    await out.close().catch(() => undefined);
    await fs.rm(partialFile, { force: true });
    throw error;
  }
  return { tasksFile, labelConfigFile, taskCount };
}

async function filesById(store: Store, task: Task, ids: readonly number[]) {
  const page = await store.listDatasetFiles(task.datasetId, {
    afterId: 0,
    limit: ids.length,
    onlyIds: ids,
  });
  return new Map(page.map((f) => [f.id, f]));
}

/** Runs a file-system step of the export, naming the folder when it fails. */
async function io<T>(outDir: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RuntimeError(
      ErrorCodes.EXPORT_FAILED,
      `cannot write the export to ${outDir}: ${reason}`,
      {
        cause: error,
      },
    );
  }
}
