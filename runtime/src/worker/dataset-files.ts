import path from 'node:path';
import type { OperatorFile } from '../contracts';
import type { Store } from '../storage/store';
import type { Dataset, Task } from '../storage/types';

/** Files are read from the database in pages of this many rows. */
const PAGE_SIZE = 500;

/**
 * The files of a task, page by page in id order, skipping those in `skip` (already annotated by
 * an earlier run). A 20,000-file dataset is never held in memory at once.
 */
export async function* taskFiles(
  store: Store,
  task: Task,
  dataset: Dataset,
  skip: ReadonlySet<number>,
): AsyncGenerator<OperatorFile> {
  let afterId = 0;
  for (;;) {
    const page = await store.listDatasetFiles(task.datasetId, {
      afterId,
      limit: PAGE_SIZE,
      onlyIds: task.fileIds,
    });
    if (page.length === 0) return;
    for (const file of page) {
      afterId = file.id;
      if (skip.has(file.id)) continue;
      yield {
        id: file.id,
        path: path.resolve(dataset.rootPath, file.filePath),
        relativePath: file.filePath,
        kind: file.fileType,
        size: file.fileSize,
      };
    }
  }
}
