import os from 'node:os';
import path from 'node:path';
import { ModelLoadError } from '@autoannotate/runtime/errors/errors';
import { RuntimeError } from '@autoannotate/runtime/errors/runtime-error';
import type { OperatorContext, OperatorPlugin } from '@autoannotate/runtime/contracts/index';
import { selectClasses } from './class-filter';
import { getDecoder } from './decoders/registry';
import { Detector } from './detector';
import { defaultLabelsPath, readClassNames } from './labels-file';
import { checkOutputs, resolveModelInput } from './model-check';
import { modelVersion } from './model-version';
import { OPERATOR_NAME } from './output';
import { PACKAGE_VERSION } from './package-version';
import type { DetectionOutput } from './output';
import { parseParams, paramsJsonSchema } from './params';
import type { DetectionParams } from './params';
import type { InferencePool } from './pool';
import { WarmPools } from './warm-pools';
import type { ModelRef } from './worker-protocol';

/** How long the inference threads of a finished run wait for the next run before closing. */
const POOL_IDLE_MS = 5 * 60_000;
const warmPools = new WarmPools(POOL_IDLE_MS);

async function openModel(pool: InferencePool, model: ModelRef, signal: AbortSignal) {
  const { modelPath } = model;
  try {
    return await pool.describeOnEveryThread(model, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ModelLoadError(`model ${modelPath} cannot be loaded: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Loads and checks everything once per run (model file, labels, input layout, decoder fit), so
 * a wrong setup fails the task before the first file rather than once per file.
 */
async function create(context: OperatorContext, params: DetectionParams): Promise<Detector> {
  const modelPath = path.resolve(context.baseDir, params.modelPath);
  const labelsPath =
    params.labelsPath === undefined
      ? defaultLabelsPath(modelPath)
      : path.resolve(context.baseDir, params.labelsPath);
  let version: string;
  try {
    version = await modelVersion(modelPath);
  } catch (error) {
    throw new ModelLoadError(`model ${modelPath} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const classNames = await readClassNames(labelsPath);
  const reportedClasses = selectClasses(classNames, params.targetClasses, labelsPath);
  // Two threads more than cores: each file hops between threads (pool thread, libvips, back),
  // and while one is between hops the spare ones keep the cores busy (on 2 cores, idle time
  // 5-6 % with one spare and 2-3 % with two, at the same CPU per image).
  const threads = params.threads ?? os.availableParallelism() + 2;
  const lease = warmPools.acquire(threads);
  try {
    const description = await openModel(
      lease.pool,
      { modelPath, modelVersion: version },
      context.signal,
    );
    const input = resolveModelInput(description, modelPath, params.inputSize);
    const decoder = getDecoder(params.decoder);
    checkOutputs(description, modelPath, decoder, classNames, labelsPath);
    context.logger.info(
      { modelPath, version, input, threads, classes: reportedClasses.length },
      'object-detection model loaded',
    );
    const { scoreThreshold, iouThreshold, maxInputPixels } = params;
    return new Detector({
      lease,
      task: {
        modelPath,
        modelVersion: version,
        inputName: input.name,
        inputWidth: input.width,
        inputHeight: input.height,
        decoder: decoder.name,
        scoreThreshold,
        iouThreshold,
        maxInputPixels,
      },
      classNames,
      reportedClasses,
      modelVersion: version,
    });
  } catch (error) {
    lease.release();
    throw error instanceof RuntimeError || context.signal.aborted
      ? error
      : new ModelLoadError(`model ${modelPath}: ${(error as Error).message}`, { cause: error });
  }
}

export const operator: OperatorPlugin<DetectionParams, DetectionOutput> = {
  spec: {
    name: OPERATOR_NAME,
    version: PACKAGE_VERSION,
    description: 'Finds objects in images with an ONNX detector (FastestDet by default).',
    inputKinds: ['image'],
    parseParams,
    paramsSchema: paramsJsonSchema,
  },
  create,
  dispose: () => warmPools.closeAll(),
};
