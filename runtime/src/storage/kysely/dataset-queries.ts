import type { Kysely } from 'kysely';
import type { Dialect } from '../migrations/dialect';
import type { Dataset, DatasetFile, NewDatasetFile } from '../types';
import type { Database } from './schema';
import * as rows from './row-mappers';

/** Rows per INSERT when registering many dataset files. */
const FILE_INSERT_CHUNK = 500;

export async function listDatasets(
  db: Kysely<Database>,
): Promise<Array<Dataset & { fileCount: number }>> {
  const found = await db
    .selectFrom('t_dm_datasets as d')
    .leftJoin('t_dm_dataset_files as f', 'f.dataset_id', 'd.id')
    .select(['d.id', 'd.name', 'd.root_path', 'd.created_at'])
    .select((eb) => eb.fn.count<number | string>('f.id').as('file_count'))
    .groupBy(['d.id', 'd.name', 'd.root_path', 'd.created_at'])
    .orderBy('d.id')
    .execute();
  return found.map((r) => ({ ...rows.toDataset(r), fileCount: Number(r.file_count) }));
}

export async function addDatasetFiles(
  db: Kysely<Database>,
  dialect: Dialect,
  datasetId: number,
  files: readonly NewDatasetFile[],
  now: number,
): Promise<number> {
  let added = 0;
  for (let start = 0; start < files.length; start += FILE_INSERT_CHUNK) {
    const values = files.slice(start, start + FILE_INSERT_CHUNK).map((f) => ({
      dataset_id: datasetId,
      file_path: f.filePath,
      file_name: f.fileName,
      file_type: f.fileType,
      file_size: f.fileSize,
      created_at: now,
    }));
    const insert = db.insertInto('t_dm_dataset_files').values(values);
    // Files already registered keep their ids, so results keep pointing at them.
    const result =
      dialect === 'mysql'
        ? await insert.ignore().executeTakeFirst()
        : await insert.onConflict((oc) => oc.doNothing()).executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

export async function listDatasetFiles(
  db: Kysely<Database>,
  datasetId: number,
  page: { afterId: number; limit: number; onlyIds?: readonly number[] | null },
): Promise<DatasetFile[]> {
  let query = db
    .selectFrom('t_dm_dataset_files')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .where('id', '>', page.afterId);
  if (page.onlyIds) {
    const ids = page.onlyIds
      .filter((id) => id > page.afterId)
      .sort((a, b) => a - b)
      .slice(0, page.limit);
    if (ids.length === 0) return [];
    query = query.where('id', 'in', ids);
  }
  const found = await query.orderBy('id').limit(page.limit).execute();
  return found.map(rows.toDatasetFile);
}

export async function countDatasetFiles(
  db: Kysely<Database>,
  datasetId: number,
  onlyIds?: readonly number[] | null,
): Promise<number> {
  let query = db
    .selectFrom('t_dm_dataset_files')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('dataset_id', '=', datasetId);
  if (onlyIds) {
    if (onlyIds.length === 0) return 0;
    query = query.where('id', 'in', [...onlyIds]);
  }
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}
