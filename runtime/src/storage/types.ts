import type { InputKind, ModelConfig } from '../contracts';

/** Row shapes of the storage interface, camelCase; the tables keep the platform's names. */

export type TaskStatus = 'pending' | 'running' | 'completed' | 'failed' | 'stopped';

export interface Dataset {
  readonly id: number;
  readonly name: string;
  /** Folder the dataset's relative file paths resolve against. */
  readonly rootPath: string;
  readonly createdAt: number;
}

export interface DatasetFile {
  readonly id: number;
  readonly datasetId: number;
  /** Path relative to the dataset root. */
  readonly filePath: string;
  readonly fileName: string;
  readonly fileType: InputKind | 'other';
  readonly fileSize: number;
}

export interface NewDatasetFile {
  readonly filePath: string;
  readonly fileName: string;
  readonly fileType: InputKind | 'other';
  readonly fileSize: number;
}

/** One step of a task's pipeline: an operator and its params. */
export interface PipelineStep {
  readonly operator: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface Task {
  readonly id: number;
  readonly name: string;
  readonly datasetId: number;
  readonly taskType: string;
  readonly pipeline: readonly PipelineStep[];
  /** Only these files of the dataset, when set. */
  readonly fileIds: readonly number[] | null;
  readonly status: TaskStatus;
  readonly totalImages: number;
  /** Files finished in any way (annotated or failed). */
  readonly processedImages: number;
  /** Files that failed; a subset of `processedImages`. */
  readonly failedImages: number;
  readonly detectedObjects: number;
  readonly runToken: string | null;
  readonly heartbeatAt: number | null;
  readonly attempts: number;
  readonly stopRequested: boolean;
  readonly errorMessage: string | null;
  readonly hostId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

export interface NewTask {
  readonly name: string;
  readonly datasetId: number;
  readonly taskType: string;
  readonly pipeline: readonly PipelineStep[];
  readonly fileIds?: readonly number[] | null;
}

/** The proof that a run owns its task: every write of the run is fenced by it. */
export interface RunLease {
  readonly taskId: number;
  readonly runToken: string;
}

export interface RunCounts {
  readonly totalImages: number;
  readonly processedImages: number;
  readonly failedImages: number;
  readonly detectedObjects: number;
}

/** What a fenced heartbeat or progress write learned about the task. */
export interface LeaseState {
  /** False when another run owns the task now: the caller must stop writing. */
  readonly owned: boolean;
  readonly stopRequested: boolean;
}

export interface LabelingProject {
  readonly id: number;
  readonly taskId: number;
  readonly datasetId: number;
  readonly name: string;
  /** Label Studio label config XML. */
  readonly configuration: string;
}

export interface AnnotationResult {
  readonly projectId: number;
  readonly fileId: number;
  /** The Label Studio prediction JSON (model_version, score, result). */
  readonly result: unknown;
  readonly updatedAt: number;
}

export interface FileFailure {
  readonly taskId: number;
  readonly fileId: number;
  readonly filePath: string;
  readonly reason: string;
  readonly createdAt: number;
}

/** A `t_model_config` row is exactly what operators get: see contracts/model-config.ts. */
export type ModelConfigRow = ModelConfig;

/** What recovery did with one stale task. */
export interface RecoveryOutcome {
  readonly taskId: number;
  readonly action: 'requeued' | 'resumed' | 'failed' | 'stopped';
}

export interface RecoveryPolicy {
  /** Heartbeats older than this many ms (or NULL) are stale. */
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly mode: 'resume' | 'fail';
}
