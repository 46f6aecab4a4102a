import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ModelConfigError, silentLogger } from '@autoannotate/runtime';
import type {
  ModelConfigSource,
  OperatorContext,
  OperatorFile,
  OperatorInput,
} from '@autoannotate/runtime';
import { sharedDir } from './paths';

/** Object detection reads no model-config rows; any lookup is a failure of the test. */
const noModelConfigs: ModelConfigSource = {
  get: async (modelId) => {
    throw new ModelConfigError(`model config ${modelId} is not available in this test`);
  },
};

/** A run context whose relative model paths resolve against the shared folder by default. */
export function operatorContext(baseDir: string = sharedDir): OperatorContext {
  return {
    taskId: 1,
    logger: silentLogger(),
    modelConfigs: noModelConfigs,
    signal: new AbortController().signal,
    baseDir,
  };
}

let nextFileId = 1;

export function imageFile(filePath: string, relativePath = path.basename(filePath)): OperatorFile {
  nextFileId += 1;
  const size = existsSync(filePath) ? statSync(filePath).size : 0;
  return { id: nextFileId, path: filePath, relativePath, kind: 'image', size };
}

export function inputFor(
  file: OperatorFile,
  signal: AbortSignal = new AbortController().signal,
): OperatorInput {
  return { file, previous: [], signal, logger: silentLogger() };
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'object-detection-test-'));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}
