import fs from 'node:fs';
import path from 'node:path';

/**
 * Prepares the demo's model and sample photos in git-ignored folders of the project:
 * `models/` gets the FastestDet detector (with its labels and license) and `samples/images/`
 * the shared photos, both copied from `../shared` beside the project when it is there.
 * Nothing is downloaded. Files already in place (same size) are left alone.
 */
export interface PreparedAssets {
  readonly modelPath: string;
  readonly imagesDir: string;
}

const MODEL_FILES = ['FastestDet.onnx', 'FastestDet.labels.txt', 'FastestDet.LICENSE.txt'];

export function prepareAssets(
  projectRoot: string,
  sharedDir = path.resolve(projectRoot, '..', 'shared'),
): PreparedAssets {
  const modelsDir = path.join(projectRoot, 'models');
  const imagesDir = path.join(projectRoot, 'samples', 'images');
  const modelPath = path.join(modelsDir, 'FastestDet.onnx');

  copyAll(path.join(sharedDir, 'models'), modelsDir, MODEL_FILES);
  const sharedImages = path.join(sharedDir, 'images');
  if (fs.existsSync(sharedImages)) {
    const photos = fs.readdirSync(sharedImages).filter((f) => /\.(jpe?g|png)$/i.test(f));
    copyAll(sharedImages, imagesDir, photos);
  }

  if (!fs.existsSync(modelPath)) {
    throw new Error(
      `no model at ${modelPath} and none to copy from ${sharedDir}/models: put an ONNX ` +
        'detector there (see README, "Your own model and images")',
    );
  }
  return { modelPath, imagesDir };
}

function copyAll(fromDir: string, toDir: string, names: readonly string[]): void {
  if (!fs.existsSync(fromDir)) return;
  fs.mkdirSync(toDir, { recursive: true });
  for (const name of names) {
    const from = path.join(fromDir, name);
    const to = path.join(toDir, name);
    if (!fs.existsSync(from)) continue;
    if (fs.existsSync(to) && fs.statSync(to).size === fs.statSync(from).size) continue;
    fs.copyFileSync(from, to);
    fs.chmodSync(to, 0o644);
  }
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..');
  const prepared = prepareAssets(root);
  process.stdout.write(`model:  ${prepared.modelPath}\nimages: ${prepared.imagesDir}\n`);
}
