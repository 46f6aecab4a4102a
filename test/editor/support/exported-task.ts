import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  exportTask,
  type LabelStudioResult,
  type LabelStudioTask,
  type PipelineStep,
} from '@autoannotate/runtime';
import type { Harness } from '../../helpers/harness';
import { tempDir } from '../../helpers/temp';

/** What `export` writes for a task, read back: the label config and the Label Studio tasks. */
export interface ExportedTask {
  readonly labelConfig: string;
  readonly tasks: readonly LabelStudioTask[];
}

/**
 * Submits `pipeline` over `folder`, runs it to the end with every file succeeding, and reads
 * the export files: exactly what a user would import into Label Studio.
 */
export async function runAndExport(
  h: Harness,
  folder: string,
  taskType: string,
  pipeline: PipelineStep[],
): Promise<ExportedTask> {
  const task = await h.submit(folder, taskType, pipeline);
  await h.host.runUntilIdle();
  const done = await h.store.getTask(task.id);
  const failures = await h.store.listFailures(task.id);
  assert.deepEqual(
    failures.map((f) => f.reason),
    [],
    'every file of the task should succeed',
  );
  assert.equal(done?.status, 'completed');

  const files = await exportTask(
    h.store,
    h.parts.registry,
    task.id,
    path.join(tempDir(), 'export'),
  );
  return {
    labelConfig: fs.readFileSync(files.labelConfigFile, 'utf8'),
    tasks: JSON.parse(fs.readFileSync(files.tasksFile, 'utf8')) as LabelStudioTask[],
  };
}

/** The exported task of the dataset file at `filePath`. */
export function taskOf(exported: ExportedTask, filePath: string): LabelStudioTask {
  const found = exported.tasks.find((task) => task.meta?.file_path === filePath);
  assert.ok(found, `no exported task for ${filePath}`);
  return found;
}

/** The result list of a task's single prediction. */
export function predictionOf(task: LabelStudioTask): readonly LabelStudioResult[] {
  assert.equal(task.predictions.length, 1);
  return task.predictions[0]!.result;
}
