import type { Dataset, DatasetFile, RunLease, Store, Task } from '@autoannotate/runtime';

let seq = 0;

/** A unique name per call, so tests on one database never collide. */
export function uniqueName(prefix: string): string {
  seq += 1;
  return `${prefix}-${process.pid}-${seq}`;
}

/** A dataset of `count` text files (rows only; nothing on disk). */
export async function seedDataset(
  store: Store,
  count: number,
): Promise<{ dataset: Dataset; files: DatasetFile[] }> {
  const dataset = await store.createDataset(uniqueName('dataset'), '/data/none');
  await store.addDatasetFiles(
    dataset.id,
    Array.from({ length: count }, (_, i) => ({
      filePath: `f${String(i + 1).padStart(5, '0')}.txt`,
      fileName: `f${String(i + 1).padStart(5, '0')}.txt`,
      fileType: 'text' as const,
      fileSize: 10,
    })),
  );
  const files = await store.listDatasetFiles(dataset.id, { afterId: 0, limit: count + 1 });
  return { dataset, files };
}

export function seedTask(
  store: Store,
  datasetId: number,
  name = uniqueName('task'),
): Promise<Task> {
  return store.createTask({
    name,
    datasetId,
    taskType: 'echo',
    pipeline: [{ operator: 'echo-text', params: {} }],
  });
}

/** Claims the next task and fails the test when nothing was claimed. */
export async function mustClaim(
  store: Store,
  hostId = 'host-a',
): Promise<{ task: Task; lease: RunLease }> {
  const claimed = await store.claimNextTask(hostId);
  if (!claimed) throw new Error(`${hostId} expected to claim a task and got none`);
  return claimed;
}

/** A running task (claimed by `hostId`) over `files` files, with results for the first `done`. */
export async function runningTask(
  store: Store,
  options: { files?: number; done?: number; hostId?: string } = {},
): Promise<{ task: Task; lease: RunLease; projectId: number; files: DatasetFile[] }> {
  const { dataset, files } = await seedDataset(store, options.files ?? 5);
  const created = await seedTask(store, dataset.id);
  const claimed = await store.claimNextTask(options.hostId ?? 'host-a');
  if (claimed?.task.id !== created.id) throw new Error(`expected to claim task ${created.id}`);
  const project = await store.ensureLabelingProject(claimed.lease, {
    datasetId: dataset.id,
    name: 'p',
    configuration: '<View/>',
  });
  const done = files.slice(0, options.done ?? 0);
  if (done.length > 0) {
    const saved = await store.saveResults(
      claimed.lease,
      project.id,
      done.map((f) => ({ fileId: f.id, result: { result: [] }, regionCount: 1 })),
    );
    if (!saved) throw new Error('seeding results was refused');
  }
  return { task: claimed.task, lease: claimed.lease, projectId: project.id, files };
}

/** A clock the test moves by hand (epoch ms), to age heartbeats without waiting. */
export class ManualClock {
  constructor(private current = Date.now()) {}
  readonly now = (): number => this.current;
  advance(ms: number): void {
    this.current += ms;
  }
}
