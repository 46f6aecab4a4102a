import fs from 'node:fs';
import path from 'node:path';

/** The repository root: the folder holding tsconfig.base.json, found from the compiled script. */
export const repoRoot: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'tsconfig.base.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no tsconfig.base.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();

/** `../shared` beside the repository: the model and the six photos. */
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const sharedImagesDir = path.join(sharedDir, 'images');
export const sharedModelPath = path.join(sharedDir, 'models', 'FastestDet.onnx');
export const peerScript = path.join(sharedDir, 'peers', 'opencv-detect.py');

/** Generated inputs live here (git-ignored `var/`), so they are made once and never committed. */
export const benchDataDir = path.join(repoRoot, 'var', 'bench');

/** The fast stand-in operator of the tests: task type `echo`, params `delayMs`, `failPattern`. */
export const echoOperatorDir = path.join(repoRoot, 'test', 'fixtures', 'operators', 'echo-text');

/** The bare host process, configured by environment variables. */
export const hostEntry = path.join(repoRoot, 'runtime', 'dist', 'process', 'host-entry.js');
