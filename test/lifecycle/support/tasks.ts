import type { PipelineStep, Store, Task } from '@autoannotate/runtime';
import { registerFolder } from '@autoannotate/runtime';
import { tempDir, writeTextFiles } from '../../helpers/temp';
import { uniqueName } from '../../storage/support/seed';
import { waitFor } from './wait';

const folders = new Map<number, string>();

/** A folder of `count` small text files, written once per process (tasks only read them). */
function textFolder(count: number): string {
  let dir = folders.get(count);
  if (!dir) {
    dir = tempDir('aa-files-');
    writeTextFiles(dir, count, (i) => `file ${i} `.repeat(i % 4));
    folders.set(count, dir);
  }
  return dir;
}

/** A pending echo task over `count` small text files (named 00001.txt ...). */
export async function echoTask(
  store: Store,
  count: number,
  params: Record<string, unknown> = {},
): Promise<Task> {
  const { dataset } = await registerFolder(store, textFolder(count), uniqueName('files'));
  const pipeline: PipelineStep[] = [{ operator: 'echo-text', params }];
  return store.createTask({
    name: uniqueName('task'),
    datasetId: dataset.id,
    taskType: 'echo',
    pipeline,
  });
}

/** Waits until the task is neither pending nor running. */
export function taskEnded(store: Store, taskId: number, timeoutMs = 60_000): Promise<Task> {
  return waitFor(
    `task ${taskId} to end`,
    async () => {
      const task = await store.getTask(taskId);
      return task && task.status !== 'pending' && task.status !== 'running' ? task : undefined;
    },
    timeoutMs,
  );
}

/** Result rows stored for a task so far. */
export async function resultCount(store: Store, taskId: number): Promise<number> {
  const project = await store.getProjectForTask(taskId);
  return project ? store.countResults(project.id) : 0;
}
