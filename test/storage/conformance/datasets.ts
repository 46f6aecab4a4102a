import assert from 'node:assert/strict';
import type { NewDatasetFile } from '@autoannotate/runtime';
import { uniqueName } from '../support/seed';
import type { TestDb } from '../support/store-targets';

const text = (filePath: string, fileSize = 5): NewDatasetFile => ({
  filePath,
  fileName: filePath.split('/').pop()!,
  fileType: 'text',
  fileSize,
});

export function datasetCases(db: () => TestDb): void {
  it('creates, finds and lists datasets with their file counts', async () => {
    const store = await db().store();
    const a = await store.createDataset('alpha', '/data/alpha');
    const b = await store.createDataset('beta', '/data/beta');
    await store.addDatasetFiles(a.id, [text('1.txt'), text('2.txt')]);
    assert.deepEqual(await store.getDataset(a.id), a);
    assert.deepEqual(await store.findDatasetByName('beta'), b);
    assert.equal(await store.findDatasetByName('gamma'), undefined);
    assert.equal(await store.getDataset(b.id + 1000), undefined);
    const listed = await store.listDatasets();
    assert.deepEqual(
      listed.map((d) => [d.name, d.rootPath, d.fileCount]),
      [
        ['alpha', '/data/alpha', 2],
        ['beta', '/data/beta', 0],
      ],
    );
  });

  it('adds a file once: a path already registered keeps its id and is not counted again', async () => {
    const store = await db().store();
    const dataset = await store.createDataset(uniqueName('ds'), '/data');
    assert.equal(await store.addDatasetFiles(dataset.id, [text('a.txt'), text('b.txt')]), 2);
    const before = await store.listDatasetFiles(dataset.id, { afterId: 0, limit: 10 });
    assert.equal(
      await store.addDatasetFiles(dataset.id, [text('b.txt', 99), text('c.txt'), text('a.txt')]),
      1,
    );
    const after = await store.listDatasetFiles(dataset.id, { afterId: 0, limit: 10 });
    assert.deepEqual(after.slice(0, 2), before);
    assert.deepEqual(
      after.map((f) => f.filePath),
      ['a.txt', 'b.txt', 'c.txt'],
    );
    // The same path in another dataset is another file.
    const other = await store.createDataset(uniqueName('ds'), '/data');
    assert.equal(await store.addDatasetFiles(other.id, [text('a.txt')]), 1);
  });

  it('keeps paths that differ only in case, accents or a trailing space as separate files', async () => {
    const store = await db().store();
    const dataset = await store.createDataset(uniqueName('ds'), '/data');
    const paths = [
      'Cat.txt',
      'cat.txt',
      'CAT.TXT',
      'café.txt',
      'cafe.txt',
      'cafe.txt ',
      'notes/日本語 📝.txt',
    ];
    assert.equal(
      await store.addDatasetFiles(
        dataset.id,
        paths.map((p) => text(p)),
      ),
      paths.length,
    );
    const files = await store.listDatasetFiles(dataset.id, { afterId: 0, limit: 10 });
    assert.deepEqual(
      files.map((f) => f.filePath),
      paths,
    );
    assert.equal(files[6]?.fileName, '日本語 📝.txt');
  });

  it('pages files in id order across insert chunks, optionally only the given ids', async () => {
    const store = await db().store();
    const dataset = await store.createDataset(uniqueName('ds'), '/data');
    const count = 1203;
    const names = Array.from({ length: count }, (_, i) => `${String(i).padStart(4, '0')}.txt`);
    assert.equal(
      await store.addDatasetFiles(
        dataset.id,
        names.map((n) => text(n)),
      ),
      count,
    );

    const seen: number[] = [];
    let afterId = 0;
    for (;;) {
      const page = await store.listDatasetFiles(dataset.id, { afterId, limit: 500 });
      if (page.length === 0) break;
      assert.ok(page.length <= 500);
      seen.push(...page.map((f) => f.id));
      afterId = page[page.length - 1]!.id;
    }
    assert.equal(seen.length, count);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
    );
    assert.equal(new Set(seen).size, count);

    const only = [seen[1200]!, seen[3]!, seen[700]!];
    const firstPage = await store.listDatasetFiles(dataset.id, {
      afterId: 0,
      limit: 2,
      onlyIds: only,
    });
    assert.deepEqual(
      firstPage.map((f) => f.id),
      [seen[3], seen[700]],
    );
    const nextPage = await store.listDatasetFiles(dataset.id, {
      afterId: seen[700]!,
      limit: 2,
      onlyIds: only,
    });
    assert.deepEqual(
      nextPage.map((f) => f.id),
      [seen[1200]],
    );
    assert.equal(await store.countDatasetFiles(dataset.id), count);
    assert.equal(await store.countDatasetFiles(dataset.id, only), 3);
    assert.equal(await store.countDatasetFiles(dataset.id, []), 0);
    assert.deepEqual(
      await store.listDatasetFiles(dataset.id, { afterId: 0, limit: 5, onlyIds: [] }),
      [],
    );
  });
}
