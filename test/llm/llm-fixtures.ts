import fs from 'node:fs';
import path from 'node:path';
import {
  ModelConfigError,
  silentLogger,
  type Logger,
  type ModelConfig,
  type ModelConfigSource,
  type OperatorContext,
  type OperatorFile,
  type OperatorInput,
} from '@autoannotate/runtime';
import { tempDir } from '../helpers/temp';
import type { OpenAiStubServer } from '../helpers/openai-stub-server';

let modelCounter = 0;

/**
 * A model config pointing at the stand-in server. Each call makes a fresh model id: the limit on
 * calls in flight is shared per model id across the process, and tests must not share it.
 */
export function stubModel(
  stub: OpenAiStubServer,
  options: Record<string, unknown> = {},
  overrides: Partial<ModelConfig> = {},
): ModelConfig {
  modelCounter += 1;
  return {
    modelId: `stub-model-${process.pid}-${modelCounter}`,
    baseUrl: stub.baseUrl,
    apiKey: 'sk-test-key',
    modelName: 'stub-chat',
    options: { maxRetries: 0, timeoutMs: 10_000, ...options },
    enabled: true,
    ...overrides,
  };
}

/** A model-config source over fixed rows that counts how often each model is asked for. */
export class CountingModelConfigs implements ModelConfigSource {
  readonly reads = new Map<string, number>();

  constructor(private readonly rows: readonly ModelConfig[]) {}

  async get(modelId: string): Promise<ModelConfig> {
    this.reads.set(modelId, (this.reads.get(modelId) ?? 0) + 1);
    const row = this.rows.find((config) => config.modelId === modelId);
    if (row === undefined)
      throw new ModelConfigError(`model "${modelId}" is not in t_model_config`);
    return row;
  }

  readsOf(modelId: string): number {
    return this.reads.get(modelId) ?? 0;
  }
}

export function operatorContext(
  modelConfigs: ModelConfigSource,
  logger: Logger = silentLogger(),
): OperatorContext {
  return {
    taskId: 1,
    logger,
    modelConfigs,
    signal: new AbortController().signal,
    baseDir: process.cwd(),
  };
}

let fileCounter = 0;

/** Writes `content` (a string as UTF-8, or raw bytes) to a temporary file of the dataset. */
export function textFile(content: string | Uint8Array, name?: string): OperatorFile {
  fileCounter += 1;
  const relativePath = name ?? `text-${fileCounter}.txt`;
  const filePath = path.join(tempDir('aa-llm-'), relativePath);
  fs.writeFileSync(filePath, content);
  return {
    id: fileCounter,
    path: filePath,
    relativePath,
    kind: 'text',
    size: fs.statSync(filePath).size,
  };
}

/** The per-file input of an operator for a file with no earlier steps. */
export function inputOf(file: OperatorFile): OperatorInput {
  return { file, previous: [], signal: new AbortController().signal, logger: silentLogger() };
}
