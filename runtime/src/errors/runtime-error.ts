/**
 * Every error the runtime raises on purpose carries a stable string `code`, so callers and tests
 * branch on the code, never on message text. The message names the file, field or plugin.
 */
export class RuntimeError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export const ErrorCodes = {
  /** A configuration variable has a bad value. */
  CONFIG_INVALID: 'AA_CONFIG_INVALID',
  /** plugins.json or a plugin it names is broken. */
  MANIFEST_INVALID: 'AA_MANIFEST_INVALID',
  PLUGIN_NOT_FOUND: 'AA_PLUGIN_NOT_FOUND',
  PLUGIN_EXPORT_MISSING: 'AA_PLUGIN_EXPORT_MISSING',
  PLUGIN_SHAPE_INVALID: 'AA_PLUGIN_SHAPE_INVALID',
  PLUGIN_DUPLICATE: 'AA_PLUGIN_DUPLICATE',
  /** A pipeline step's params are wrong. */
  PARAMS_INVALID: 'AA_PARAMS_INVALID',
  /** A task names an operator or task type that no plugin provides. */
  PIPELINE_INVALID: 'AA_PIPELINE_INVALID',
  /** A model-config row is missing, disabled or unusable. */
  MODEL_CONFIG: 'AA_MODEL_CONFIG',
  /** A model file cannot be loaded or does not fit the operator. */
  MODEL_LOAD: 'AA_MODEL_LOAD',
  /** One input file cannot be used (unreadable, wrong format, too large). */
  FILE_INVALID: 'AA_FILE_INVALID',
  /** An operator call failed for one file (after its retries). */
  OPERATOR_FAILED: 'AA_OPERATOR_FAILED',
  /** An operator's answer broke the label set or the expected shape. */
  OUTPUT_INVALID: 'AA_OUTPUT_INVALID',
  /** The run no longer owns its task (another run claimed it). */
  RUN_LOST: 'AA_RUN_LOST',
  /** Too many files failed in a row: the task is given up. */
  TOO_MANY_FAILURES: 'AA_TOO_MANY_FAILURES',
  /** A database operation failed for good. */
  STORAGE: 'AA_STORAGE',
  NOT_FOUND: 'AA_NOT_FOUND',
  /** An export could not be written where it was asked to go. */
  EXPORT_FAILED: 'AA_EXPORT',
  /** A command was called with wrong arguments or options. */
  USAGE: 'AA_USAGE',
  /** A Label Studio server refused a request or could not be reached. */
  LABEL_STUDIO: 'AA_LABEL_STUDIO',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Turns any thrown value into an Error, so it can be logged and reported. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The code of a runtime error, also across module copies and worker threads. */
export function errorCode(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'code' in value) {
    const code = (value as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
