import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the folder holding tsconfig.base.json, found from the compiled test. */
export const repoRoot: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'tsconfig.base.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no tsconfig.base.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();

/** `../shared` beside the repository: the model, photos and cases every developer has. */
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const sharedImagesDir = path.join(sharedDir, 'images');
export const sharedModelPath = path.join(sharedDir, 'models', 'FastestDet.onnx');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');
