import { performance } from 'node:perf_hooks';
import type {
  Conversion,
  ConversionTask,
  ConverterPlugin,
  OperatorFile,
  StepOutput,
} from '../contracts';
import { FileError, OutputError } from '../errors';
import type { Logger } from '../logging/logger';
import type { LabelingProject } from '../storage/types';
import type { PreparedStep } from './pipeline';

/** Everything a file needs that the run prepared once. */
export interface PreparedRun {
  readonly steps: readonly PreparedStep[];
  readonly converter: ConverterPlugin;
  readonly conversionTask: ConversionTask;
  readonly project: LabelingProject;
  readonly modelVersion: string;
  /** The steps' names joined, as metrics and events name the pipeline. */
  readonly operator: string;
}

/** A file whose result is converted and waits to be written. */
export interface FinishedFile {
  readonly file: OperatorFile;
  readonly operator: string;
  readonly started: number;
  readonly prediction: unknown;
  readonly conversion: Conversion;
}

/**
 * The largest result one file may store. MariaDB refuses statements over its packet limit
 * (16 MiB by default) by dropping the connection, which would look like an outage; a result
 * this big is an operator gone wrong, so it fails its file instead.
 */
const MAX_RESULT_BYTES = 4 * 1024 * 1024;

/**
 * Runs one file through every step of the pipeline and converts the outputs into its Label
 * Studio prediction. Throws what the file's failure should say; writes nothing.
 */
export async function annotateFile(
  run: PreparedRun,
  file: OperatorFile,
  signal: AbortSignal,
  logger: Logger,
): Promise<FinishedFile> {
  const started = performance.now();
  const outputs: StepOutput[] = [];
  for (const step of run.steps) {
    if (file.kind === 'other' || !step.operator.spec.inputKinds.includes(file.kind)) {
      throw new FileError(
        `${file.relativePath}: ${step.name} reads ${step.operator.spec.inputKinds.join('/')} ` +
          `files, this one is registered as ${file.kind}`,
      );
    }
    const output = await step.instance.execute({
      file,
      previous: outputs,
      signal,
      logger: logger.child({ fileId: file.id, file: file.relativePath, operator: step.name }),
    });
    outputs.push({ operator: step.name, output });
  }
  const conversion = run.converter.convert(run.conversionTask, { file }, outputs);
  const prediction = {
    model_version: run.modelVersion,
    ...(conversion.score === undefined ? {} : { score: conversion.score }),
    result: conversion.results,
  };
  assertStorable(file, prediction);
  return { file, operator: run.operator, started, prediction, conversion };
}

function assertStorable(file: OperatorFile, prediction: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(prediction));
  if (bytes > MAX_RESULT_BYTES) {
    throw new OutputError(
      `${file.relativePath}: the result is ${(bytes / 1048576).toFixed(1)} MiB of JSON, ` +
        `over the ${MAX_RESULT_BYTES / 1048576} MiB a result may take`,
    );
  }
}
