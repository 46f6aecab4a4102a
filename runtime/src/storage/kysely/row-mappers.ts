import type { Selectable } from 'kysely';
import type {
  AnnotationResult,
  Dataset,
  DatasetFile,
  FileFailure,
  LabelingProject,
  ModelConfigRow,
  Task,
  TaskStatus,
} from '../types';
import type {
  AnnotationResultsTable,
  DatasetFilesTable,
  DatasetsTable,
  FileFailuresTable,
  LabelingProjectsTable,
  ModelConfigTable,
  TasksTable,
} from './schema';

/** mysql2 returns BIGINT columns as numbers or strings depending on size; normalise. */
function num(value: number | string | bigint): number {
  return typeof value === 'number' ? value : Number(value);
}

function optNum(value: number | string | bigint | null): number | null {
  return value === null ? null : num(value);
}

export function toDataset(row: Selectable<DatasetsTable>): Dataset {
  return {
    id: num(row.id),
    name: row.name,
    rootPath: row.root_path,
    createdAt: num(row.created_at),
  };
}

export function toDatasetFile(row: Selectable<DatasetFilesTable>): DatasetFile {
  return {
    id: num(row.id),
    datasetId: num(row.dataset_id),
    filePath: row.file_path,
    fileName: row.file_name,
    fileType: row.file_type as DatasetFile['fileType'],
    fileSize: num(row.file_size),
  };
}

export function toTask(row: Selectable<TasksTable>): Task {
  return {
    id: num(row.id),
    name: row.name,
    datasetId: num(row.dataset_id),
    taskType: row.task_type,
    pipeline: JSON.parse(row.pipeline) as Task['pipeline'],
    fileIds: row.file_ids === null ? null : (JSON.parse(row.file_ids) as number[]),
    status: row.status as TaskStatus,
    totalImages: num(row.total_images),
    processedImages: num(row.processed_images),
    failedImages: num(row.failed_images),
    detectedObjects: num(row.detected_objects),
    runToken: row.run_token,
    heartbeatAt: optNum(row.heartbeat_at),
    attempts: num(row.attempts),
    stopRequested: num(row.stop_requested) !== 0,
    errorMessage: row.error_message,
    hostId: row.host_id,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
    startedAt: optNum(row.started_at),
    finishedAt: optNum(row.finished_at),
  };
}

export function toProject(row: Selectable<LabelingProjectsTable>): LabelingProject {
  return {
    id: num(row.id),
    taskId: num(row.task_id),
    datasetId: num(row.dataset_id),
    name: row.name,
    configuration: row.configuration,
  };
}

export function toResult(row: Selectable<AnnotationResultsTable>): AnnotationResult {
  return {
    projectId: num(row.project_id),
    fileId: num(row.file_id),
    result: JSON.parse(row.result) as unknown,
    updatedAt: num(row.updated_at),
  };
}

export function toFailure(row: Selectable<FileFailuresTable>): FileFailure {
  return {
    taskId: num(row.task_id),
    fileId: num(row.file_id),
    filePath: row.file_path,
    reason: row.reason,
    createdAt: num(row.created_at),
  };
}

export function toModelConfig(row: Selectable<ModelConfigTable>): ModelConfigRow {
  return {
    modelId: row.model_id,
    baseUrl: row.base_url,
    apiKey: row.api_key,
    modelName: row.model_name,
    options: JSON.parse(row.options) as Record<string, unknown>,
    enabled: num(row.enabled) !== 0,
  };
}
