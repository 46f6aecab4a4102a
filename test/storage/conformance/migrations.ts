import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ledger } from '../support/sql-faults';
import type { TestDb } from '../support/store-targets';

const ALL_MIGRATIONS = ['0001-initial-schema', '0002-result-writers-and-binary-text'];

export function migrationCases(db: () => TestDb): void {
  it('migrates an empty database and records every migration once', async () => {
    const fresh = await db().fresh();
    const store = fresh.unmigratedStore();
    await store.migrate();
    assert.deepEqual(await ledger(fresh.raw()), ALL_MIGRATIONS);
    const dataset = await store.createDataset('after migrating', '/data');
    assert.equal((await store.getDataset(dataset.id))?.name, 'after migrating');
  });

  it('migrating an up-to-date database again changes nothing and keeps its rows', async () => {
    const fresh = await db().fresh();
    const store = fresh.unmigratedStore();
    await store.migrate();
    const dataset = await store.createDataset('kept', '/data');
    await store.migrate();
    await fresh.unmigratedStore().migrate();
    assert.deepEqual(await ledger(fresh.raw()), ALL_MIGRATIONS);
    assert.equal((await store.getDataset(dataset.id))?.name, 'kept');
  });

  it('three migrators started at once leave one ledger row per migration', async () => {
    const fresh = await db().fresh();
    const stores = [fresh.unmigratedStore(), fresh.unmigratedStore(), fresh.unmigratedStore()];
    await Promise.all(stores.map((s) => s.migrate()));
    assert.deepEqual(await ledger(fresh.raw()), ALL_MIGRATIONS);
    for (const [i, store] of stores.entries())
      await store.createDataset(`made by migrator ${i}`, '/data');
    assert.equal((await stores[0]!.listDatasets()).length, 3);
  });
}

/** MySQL only: the schema does not take its text rules from the server's defaults. */
export function mysqlMigrationCases(db: () => TestDb): void {
  it('makes every table utf8mb4 and byte-wise on a latin1, case-insensitive database', async () => {
    const fresh = await db().fresh({ set: 'latin1', collation: 'latin1_swedish_ci' });
    const store = fresh.unmigratedStore();
    await store.migrate();
    const found = await sql<{ name: string; collation: string }>`select table_name as name,
      table_collation as collation from information_schema.tables
      where table_schema = database() and table_name like 't\\_%'`.execute(fresh.raw());
    assert.equal(found.rows.length, 7);
    for (const row of found.rows)
      assert.match(row.collation, /^utf8mb4_(0900_|nopad_)?bin$/, row.name);

    const dataset = await store.createDataset('photos', '/data');
    const added = await store.addDatasetFiles(dataset.id, [
      { filePath: 'Photo.JPG', fileName: 'Photo.JPG', fileType: 'image', fileSize: 1 },
      { filePath: 'photo.jpg', fileName: 'photo.jpg', fileType: 'image', fileSize: 1 },
      { filePath: 'photo.jpg ', fileName: 'photo.jpg ', fileType: 'image', fileSize: 1 },
      { filePath: '写真/猫 📷.jpg', fileName: '猫 📷.jpg', fileType: 'image', fileSize: 1 },
    ]);
    assert.equal(added, 4);
    const files = await store.listDatasetFiles(dataset.id, { afterId: 0, limit: 10 });
    assert.deepEqual(
      files.map((f) => f.filePath),
      ['Photo.JPG', 'photo.jpg', 'photo.jpg ', '写真/猫 📷.jpg'],
    );
  });
}
