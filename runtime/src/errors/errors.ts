import { ErrorCodes, RuntimeError } from './runtime-error';

export class ConfigError extends RuntimeError {
  constructor(message: string) {
    super(ErrorCodes.CONFIG_INVALID, message);
  }
}

/** A plugin failed the checks at start; the message names plugin, file and problem. */
export class ManifestError extends RuntimeError {}

export class ParamsError extends RuntimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.PARAMS_INVALID, message, options);
  }
}

export class PipelineError extends RuntimeError {
  constructor(message: string) {
    super(ErrorCodes.PIPELINE_INVALID, message);
  }
}

/** The model config cannot be used: this fails the whole task, not one file. */
export class ModelConfigError extends RuntimeError {
  constructor(message: string) {
    super(ErrorCodes.MODEL_CONFIG, message);
  }
}

export class ModelLoadError extends RuntimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.MODEL_LOAD, message, options);
  }
}

/** One file cannot be used; the task goes on with the others. */
export class FileError extends RuntimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.FILE_INVALID, message, options);
  }
}

export class OperatorCallError extends RuntimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.OPERATOR_FAILED, message, options);
  }
}

export class OutputError extends RuntimeError {
  constructor(message: string) {
    super(ErrorCodes.OUTPUT_INVALID, message);
  }
}

export class RunLostError extends RuntimeError {
  constructor(taskId: number) {
    super(ErrorCodes.RUN_LOST, `task ${taskId}: another run owns this task now`);
  }
}

export class StorageError extends RuntimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.STORAGE, message, options);
  }
}

export class NotFoundError extends RuntimeError {
  constructor(message: string) {
    super(ErrorCodes.NOT_FOUND, message);
  }
}

/**
 * Errors that end the whole task rather than one file: the run cannot go on with any file.
 * Operators throw these from `create` or `execute` (e.g. a missing model config).
 */
export const TASK_FATAL_CODES: ReadonlySet<string> = new Set([
  ErrorCodes.MODEL_CONFIG,
  ErrorCodes.MODEL_LOAD,
  ErrorCodes.PARAMS_INVALID,
  ErrorCodes.PIPELINE_INVALID,
  ErrorCodes.RUN_LOST,
]);
