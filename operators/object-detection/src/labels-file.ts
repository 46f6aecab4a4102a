import { readFile } from 'node:fs/promises';
import { ModelLoadError } from '@autoannotate/runtime/errors/errors';

/** Class names, one per line in the model's output order; blank lines at the end are ignored. */
export async function readClassNames(labelsPath: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(labelsPath, 'utf8');
  } catch (error) {
    throw new ModelLoadError(
      `labels file ${labelsPath} cannot be read: ` + `${(error as Error).message}`,
      { cause: error },
    );
  }
  const names = text.split(/\r?\n/).map((line) => line.trim());
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  if (names.length === 0) throw new ModelLoadError(`labels file ${labelsPath} has no class names`);
  const blank = names.indexOf('');
  if (blank >= 0) throw new ModelLoadError(`labels file ${labelsPath}: line ${blank + 1} is empty`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new ModelLoadError(`labels file ${labelsPath}: class ${JSON.stringify(name)} twice`);
    }
    seen.add(name);
  }
  return names;
}

/** `models/x.onnx` → `models/x.labels.txt`. */
export function defaultLabelsPath(modelPath: string): string {
  return `${modelPath.replace(/\.onnx$/i, '')}.labels.txt`;
}
