import type { Kysely } from 'kysely';
import type { Dialect } from '../migrations/dialect';
import type { ModelConfigRow } from '../types';
import type { Database } from './schema';

/** Inserts a model config, or replaces the one with the same id. */
export async function upsertModelConfig(
  db: Kysely<Database>,
  dialect: Dialect,
  row: ModelConfigRow,
  now: number,
): Promise<void> {
  const values = {
    base_url: row.baseUrl,
    api_key: row.apiKey,
    model_name: row.modelName,
    options: JSON.stringify(row.options),
    enabled: row.enabled ? 1 : 0,
    updated_at: now,
  };
  const insert = db
    .insertInto('t_model_config')
    .values({ ...values, model_id: row.modelId, created_at: now });
  await (
    dialect === 'mysql'
      ? insert.onDuplicateKeyUpdate(values)
      : insert.onConflict((oc) => oc.column('model_id').doUpdateSet(values))
  ).execute();
}
