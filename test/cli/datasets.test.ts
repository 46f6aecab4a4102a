import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeCliHome, parseJson } from './support/cli-home';
import { tempDir, writeTextFiles } from '../helpers/temp';

/** A folder with text files, an image, a nested folder and a hidden file. */
function sampleFolder(): string {
  const dir = tempDir();
  writeTextFiles(dir, 3, (i) => 'a'.repeat(i * 100));
  fs.mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'sub', 'deeper', 'photo.jpg'), Buffer.alloc(2048));
  fs.writeFileSync(path.join(dir, 'sub', 'table.csv'), 'a,b\n');
  fs.writeFileSync(path.join(dir, '.hidden.txt'), 'skipped');
  return dir;
}

describe('autoannotate datasets', () => {
  it("registers a folder recursively with each file's type and size", async () => {
    const cli = makeCliHome();
    const dir = sampleFolder();
    const result = await cli.run(['datasets', 'add', dir, '--name', 'samples']);

    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        'dataset 1 "samples": 5 files found, 5 new',
        `  root   ${dir}`,
        '  files  5 (3 text, 1 image, 1 other), 2.7 kB',
        '',
      ].join('\n'),
    );
    const store = cli.openStore();
    try {
      const files = await store.listDatasetFiles(1, { afterId: 0, limit: 10 });
      assert.deepEqual(
        files.map((f) => [f.filePath, f.fileType, f.fileSize]),
        [
          ['00001.txt', 'text', 100],
          ['00002.txt', 'text', 200],
          ['00003.txt', 'text', 300],
          ['sub/deeper/photo.jpg', 'image', 2048],
          ['sub/table.csv', 'other', 4],
        ],
      );
    } finally {
      await store.close();
    }
  });

  it('adds only new files when a folder is registered again, keeping the dataset', async () => {
    const cli = makeCliHome();
    const dir = sampleFolder();
    await cli.run(['datasets', 'add', dir]);
    fs.writeFileSync(path.join(dir, 'late.txt'), 'came later');
    const result = await cli.run(['datasets', 'add', dir, '--json']);

    assert.equal(result.code, 0);
    type Added = {
      dataset: { id: number; name: string };
      scanned: number;
      added: number;
      files: number;
    };
    const json = parseJson<Added>(result);
    assert.deepEqual(
      [json.dataset.id, json.dataset.name, json.scanned, json.added, json.files],
      [1, path.basename(dir), 6, 1, 6],
    );
  });

  it('lists datasets with their file counts', async () => {
    const cli = makeCliHome();
    await cli.run(['datasets', 'add', sampleFolder(), '--name', 'first']);
    await cli.run(['datasets', 'add', sampleFolder(), '--name', 'second']);
    const human = await cli.run(['datasets', 'list']);
    const lines = human.stdout.trimEnd().split('\n');

    assert.equal(human.code, 0);
    assert.match(lines[0]!, /^ID {2}NAME {4}FILES {2}ROOT +CREATED$/);
    assert.match(lines[1]!, /^1 {3}first {3}5 {6}\/\S+ +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.match(lines[2]!, /^2 {3}second {2}5 /);
    type Listed = { datasets: Array<{ name: string; fileCount: number }> };
    const json = parseJson<Listed>(await cli.run(['datasets', 'list', '--json']));
    assert.deepEqual(
      json.datasets.map((d) => [d.name, d.fileCount]),
      [
        ['first', 5],
        ['second', 5],
      ],
    );
  });

  it('says so when there is no dataset yet', async () => {
    const result = await makeCliHome().run(['datasets', 'list']);
    assert.equal(result.code, 0);
    assert.equal(
      result.stdout,
      'no datasets yet (autoannotate datasets add <folder> registers one)\n',
    );
  });

  it('answers a folder that does not exist with exit 3', async () => {
    const cli = makeCliHome();
    const missing = path.join(cli.home, 'nowhere');
    const result = await cli.run(['datasets', 'add', missing]);
    assert.equal(result.code, 3);
    assert.equal(
      result.stderr,
      `error AA_NOT_FOUND: folder ${missing} does not exist or is not a folder\n`,
    );
  });
});
