import type { Generated } from 'kysely';

/**
 * Table shapes as Kysely sees them. Names follow the platform this runtime plugs into.
 * Times are epoch milliseconds (BIGINT) so that both dialects compare them the same way;
 * booleans are 0/1 integers for the same reason.
 */
export interface DatasetsTable {
  id: Generated<number>;
  name: string;
  root_path: string;
  created_at: number;
}

export interface DatasetFilesTable {
  id: Generated<number>;
  dataset_id: number;
  file_path: string;
  file_name: string;
  file_type: string;
  file_size: number;
  created_at: number;
}

export interface TasksTable {
  id: Generated<number>;
  name: string;
  dataset_id: number;
  task_type: string;
  /** JSON array of pipeline steps. */
  pipeline: string;
  /** JSON array of file ids, or NULL for the whole dataset. */
  file_ids: string | null;
  status: string;
  total_images: number;
  processed_images: number;
  failed_images: number;
  detected_objects: number;
  run_token: string | null;
  heartbeat_at: number | null;
  attempts: number;
  stop_requested: number;
  error_message: string | null;
  host_id: string | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export interface LabelingProjectsTable {
  id: Generated<number>;
  task_id: number;
  dataset_id: number;
  name: string;
  configuration: string;
  created_at: number;
}

export interface AnnotationResultsTable {
  id: Generated<number>;
  project_id: number;
  file_id: number;
  task_id: number;
  /** JSON of the Label Studio prediction. */
  result: string;
  region_count: number;
  /** The run that last wrote the row (added by migration 0002; NULL on older rows). */
  run_token: string | null;
  created_at: number;
  updated_at: number;
}

export interface FileFailuresTable {
  id: Generated<number>;
  task_id: number;
  file_id: number;
  file_path: string;
  reason: string;
  run_token: string;
  created_at: number;
}

export interface ModelConfigTable {
  model_id: string;
  base_url: string;
  api_key: string;
  model_name: string;
  /** JSON object of options. */
  options: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface Database {
  t_dm_datasets: DatasetsTable;
  t_dm_dataset_files: DatasetFilesTable;
  t_dm_auto_annotation_tasks: TasksTable;
  t_dm_labeling_projects: LabelingProjectsTable;
  t_dm_annotation_results: AnnotationResultsTable;
  t_dm_auto_annotation_failures: FileFailuresTable;
  t_model_config: ModelConfigTable;
}
