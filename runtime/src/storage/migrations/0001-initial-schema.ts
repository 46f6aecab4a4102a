import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dialect';

/**
 * The first schema. Shipped migrations are append-only: change the schema with a new file.
 * Column types differ only where the dialects force it (long text, auto increment).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const longText = dialect === 'mysql' ? sql`longtext` : sql`text`;
  const id = dialect === 'mysql' ? 'bigint' : 'integer';
  const ms = 'bigint';

  await db.schema
    .createTable('t_dm_datasets')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('root_path', longText, (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('t_dm_dataset_files')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('dataset_id', 'bigint', (c) => c.notNull())
    .addColumn('file_path', 'varchar(700)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('file_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('file_size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addUniqueConstraint('uq_dataset_files_path', ['dataset_id', 'file_path'])
    .execute();

  await db.schema
    .createTable('t_dm_auto_annotation_tasks')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('dataset_id', 'bigint', (c) => c.notNull())
    .addColumn('task_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('pipeline', longText, (c) => c.notNull())
    .addColumn('file_ids', longText)
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('total_images', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_images', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_images', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('detected_objects', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_token', 'varchar(64)')
    .addColumn('heartbeat_at', ms)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stop_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_message', longText)
    .addColumn('host_id', 'varchar(128)')
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addColumn('started_at', ms)
    .addColumn('finished_at', ms)
    .execute();
  // Claiming scans pending tasks oldest first; recovery scans running tasks by heartbeat.
  await db.schema
    .createIndex('ix_tasks_claim')
    .on('t_dm_auto_annotation_tasks')
    .columns(['status', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('ix_tasks_heartbeat')
    .on('t_dm_auto_annotation_tasks')
    .columns(['status', 'heartbeat_at'])
    .execute();

  await db.schema
    .createTable('t_dm_labeling_projects')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('task_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('dataset_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('configuration', longText, (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('t_dm_annotation_results')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('file_id', 'bigint', (c) => c.notNull())
    .addColumn('task_id', 'bigint', (c) => c.notNull())
    .addColumn('result', longText, (c) => c.notNull())
    .addColumn('region_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .addUniqueConstraint('uq_results_project_file', ['project_id', 'file_id'])
    .execute();

  await db.schema
    .createTable('t_dm_auto_annotation_failures')
    .addColumn('id', id, (c) => c.primaryKey().autoIncrement())
    .addColumn('task_id', 'bigint', (c) => c.notNull())
    .addColumn('file_id', 'bigint', (c) => c.notNull())
    .addColumn('file_path', 'varchar(700)', (c) => c.notNull())
    .addColumn('reason', longText, (c) => c.notNull())
    .addColumn('run_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ix_failures_task')
    .on('t_dm_auto_annotation_failures')
    .columns(['task_id', 'id'])
    .execute();

  await db.schema
    .createTable('t_model_config')
    .addColumn('model_id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('base_url', 'varchar(1024)', (c) => c.notNull())
    .addColumn('api_key', longText, (c) => c.notNull())
    .addColumn('model_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('options', longText, (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
}
