import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root is the first folder upwards that holds tsconfig.base.json. */
function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'tsconfig.base.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no tsconfig.base.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot(__dirname);
/** Shared read-only material lives beside the repository. */
export const sharedDir = path.join(repoRoot, '..', 'shared');
export const sharedModelPath = path.join(sharedDir, 'models', 'FastestDet.onnx');
export const sharedLabelsPath = path.join(sharedDir, 'models', 'FastestDet.labels.txt');

export function sharedImagePath(name: string): string {
  return path.join(sharedDir, 'images', name);
}
