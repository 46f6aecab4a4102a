import type { Logger } from '../logging/logger';
import type { ModelConfig } from './model-config';

/**
 * The operator contract. An operator package exports one `OperatorPlugin` (as `default` or as
 * `operator`). The host checks the shape at start; everything an operator needs from the host
 * reaches it through the read-only `OperatorContext`, so fields can be added without breaking
 * existing operators.
 */

/** What kind of dataset file an operator reads. */
export type InputKind = 'image' | 'text';

/** Static description of an operator, validated when the host loads the package. */
export interface OperatorSpec<P> {
  /** Unique name, used in task pipelines and in plugins.json (e.g. `object-detection`). */
  readonly name: string;
  /** Semver of the operator package. */
  readonly version: string;
  /** One sentence shown by `plugins list`. */
  readonly description: string;
  /** File kinds the operator accepts; other files fail with a clear reason. */
  readonly inputKinds: readonly InputKind[];
  /**
   * Validates and normalises the pipeline step's `params`. Throws an error naming the field
   * (`ParamsError` from the runtime) when they are wrong; called before a task is written
   * (`submit`) and again when a run starts.
   */
  parseParams(raw: unknown): P;
  /** JSON schema of the params, for documentation and `--help`. */
  readonly paramsSchema?: Readonly<Record<string, unknown>>;
}

/** A dataset file as an operator sees it. */
export interface OperatorFile {
  readonly id: number;
  /** Absolute path on the host's file system. */
  readonly path: string;
  /** Path relative to the dataset root, for messages and exports. */
  readonly relativePath: string;
  /** Kind the file was registered as; `other` files fail before any operator sees them. */
  readonly kind: InputKind | 'other';
  readonly size: number;
}

/** What the model-config table offers an operator; read lazily, at most once per model. */
export interface ModelConfigSource {
  /** Returns the enabled config of `modelId`, or throws `ModelConfigError` naming it. */
  get(modelId: string): Promise<ModelConfig>;
}

/** Read-only context of one task run, handed to `OperatorPlugin.create`. */
export interface OperatorContext {
  readonly taskId: number;
  /** Logger already bound to task and operator. */
  readonly logger: Logger;
  readonly modelConfigs: ModelConfigSource;
  /** Aborted when the run stops (stop request, lost run token, host shutdown). */
  readonly signal: AbortSignal;
  /** Directory that relative model paths in params are resolved against. */
  readonly baseDir: string;
}

/** Per-file input: the file plus what the earlier steps of the pipeline produced. */
export interface OperatorInput {
  readonly file: OperatorFile;
  readonly previous: readonly StepOutput[];
  /** Aborted when this file should give up (run stopping). */
  readonly signal: AbortSignal;
  /** Logger bound to task, file and operator, for per-file detail (debug level). */
  readonly logger: Logger;
}

/** The output of one pipeline step for one file. */
export interface StepOutput<O = unknown> {
  readonly operator: string;
  readonly output: O;
}

/**
 * Named groups of labels an operator instance can emit, e.g. `{ classes: [...] }` for detection
 * or `{ entities: [...], relations: [...] }` for relation extraction. Converters build the label
 * config from them and drop anything outside them.
 */
export type LabelSet = Readonly<Record<string, readonly string[]>>;

/** One operator prepared for one task run. */
export interface OperatorInstance<O = unknown> {
  readonly labels: LabelSet;
  /** The version recorded as the Label Studio prediction's `model_version`. */
  readonly modelVersion: string;
  execute(input: OperatorInput): Promise<O>;
  /** Releases models, pools and connections. Called once, after the last file. */
  close?(): Promise<void>;
}

export interface OperatorPlugin<P = unknown, O = unknown> {
  readonly spec: OperatorSpec<P>;
  /** Prepares the operator for a run: load the model, warm the pool. Called once per run. */
  create(context: OperatorContext, params: P): Promise<OperatorInstance<O>>;
  /**
   * Releases what the plugin keeps between runs (warm inference threads, loaded models).
   * Called once when the host closes, after its last run; optional.
   */
  dispose?(): Promise<void>;
}
