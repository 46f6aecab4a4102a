import path from 'node:path';
import type { Store } from '../storage/store';
import type { Dataset } from '../storage/types';
import { scanFolder } from './scan-folder';

/**
 * Registers a folder as a dataset (or adds new files to the dataset of that name): files
 * already registered keep their ids.
 */
export async function registerFolder(
  store: Store,
  folder: string,
  name = path.basename(path.resolve(folder)),
): Promise<{ dataset: Dataset; added: number; scanned: number }> {
  const root = path.resolve(folder);
  const files = await scanFolder(root);
  const dataset = (await store.findDatasetByName(name)) ?? (await store.createDataset(name, root));
  const added = await store.addDatasetFiles(dataset.id, files);
  return { dataset, added, scanned: files.length };
}
