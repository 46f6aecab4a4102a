import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openSqliteStore, type Store, type Task } from '@autoannotate/runtime';
import { echoFixture, makeHarness, type Harness } from '../helpers/harness';
import { repoRoot } from '../helpers/paths';
import { tempDir, writeTextFiles } from '../helpers/temp';

const detector = { path: path.join(repoRoot, 'operators', 'object-detection') };
const echo = (params: Record<string, unknown> = {}) => [{ operator: 'echo-text', params }];

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function finished(h: Harness, taskId: number): Promise<Task> {
  return waitFor(
    `task ${taskId} to end`,
    async () => {
      const task = await h.store.getTask(taskId);
      return task && !['pending', 'running'].includes(task.status) ? task : undefined;
    },
    60000,
  );
}

describe('task run', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('annotates every file through an operator package registered only in the manifest', async () => {
    h = await makeHarness();
    const dir = tempDir();
    writeTextFiles(dir, 12, (i) => 'x'.repeat(i));
    const task = await h.submit(dir, 'echo', echo({ threshold: 6 }));
    await h.host.runUntilIdle();

    const done = await h.store.getTask(task.id);
    assert.equal(done?.status, 'completed');
    assert.equal(done?.totalImages, 12);
    assert.equal(done?.processedImages, 12);
    assert.equal(done?.failedImages, 0);
    assert.equal(done?.detectedObjects, 12);
    assert.equal(done?.runToken, null);
    const project = await h.store.getProjectForTask(task.id);
    assert.match(project?.configuration ?? '', /<Choice value="long"\/>/);
    const results = await h.store.listResults(project!.id, { afterFileId: 0, limit: 100 });
    assert.equal(results.length, 12);
    const labels = results.map(
      (r) =>
        (r.result as { result: Array<{ value: { choices: string[] } }> }).result[0]!.value
          .choices[0],
    );
    assert.deepEqual(labels, [...Array(5).fill('short'), ...Array(7).fill('long')]);
  });

  it('counts an unreadable file as failed with its reason and annotates the others', async () => {
    h = await makeHarness();
    const dir = tempDir();
    writeTextFiles(dir, 5, () => 'hello world');
    const task = await h.submit(dir, 'echo', echo());
    fs.rmSync(path.join(dir, '00003.txt'));
    await h.host.runUntilIdle();

    const done = await h.store.getTask(task.id);
    assert.equal(done?.status, 'completed');
    assert.deepEqual([done?.processedImages, done?.failedImages], [5, 1]);
    const failures = await h.store.listFailures(task.id);
    assert.equal(failures.length, 1);
    assert.equal(failures[0]?.filePath, '00003.txt');
    assert.match(failures[0]!.reason, /ENOENT: no such file.*\/00003\.txt/);
  });

  it('fails a file whose kind the operator does not read, naming the file', async () => {
    h = await makeHarness();
    const dir = tempDir();
    writeTextFiles(dir, 2, () => 'text');
    fs.writeFileSync(path.join(dir, 'table.csv'), 'a,b\n');
    const task = await h.submit(dir, 'echo', echo());
    await h.host.runUntilIdle();
    const failures = await h.store.listFailures(task.id);
    assert.equal(failures.length, 1);
    assert.match(
      failures[0]!.reason,
      /^table\.csv: echo-text reads text files, this one is registered as other$/,
    );
  });

  it('writes a heartbeat on a timer while files are processed', async () => {
    h = await makeHarness({ config: { heartbeatIntervalSeconds: 0.05, fileWorkers: 1 } });
    const dir = tempDir();
    writeTextFiles(dir, 10, () => 'x');
    const task = await h.submit(dir, 'echo', echo({ delayMs: 60 }));
    let beats = 0;
    const seen = new Set<number>();
    h.host.events.on('heartbeat:written', () => {
      beats += 1;
    });
    const probe = setInterval(() => {
      void h.store.getTask(task.id).then((t) => t?.heartbeatAt && seen.add(t.heartbeatAt));
    }, 40);
    await h.host.runUntilIdle();
    clearInterval(probe);
    assert.ok(beats >= 3, `expected several heartbeats in 600 ms of work, saw ${beats}`);
    assert.ok(seen.size >= 2, 'heartbeat_at should move forward during the run');
  });

  it('writes progress after every file when the interval is 0', async () => {
    h = await makeHarness({ config: { progressIntervalSeconds: 0 } });
    const dir = tempDir();
    writeTextFiles(dir, 30, () => 'x');
    const task = await h.submit(dir, 'echo', echo());
    let writes = 0;
    h.host.events.on('progress:written', () => {
      writes += 1;
    });
    await h.host.runUntilIdle();
    // One write when the run starts, then one per file.
    assert.equal(writes, 31);
    assert.equal((await h.store.getTask(task.id))?.processedImages, 30);
  });

  it('writes progress at most once per interval, and still ends with the true counts', async () => {
    h = await makeHarness({ config: { progressIntervalSeconds: 3600 } });
    const dir = tempDir();
    writeTextFiles(dir, 40, () => 'x');
    const task = await h.submit(dir, 'echo', echo());
    let writes = 0;
    h.host.events.on('progress:written', () => {
      writes += 1;
    });
    await h.host.runUntilIdle();
    // The initial write and the first file's; then the hour-long interval holds the rest.
    assert.ok(writes <= 2, `expected at most 2 progress writes, saw ${writes}`);
    const done = await h.store.getTask(task.id);
    assert.deepEqual(
      [done?.status, done?.processedImages, done?.detectedObjects],
      ['completed', 40, 40],
    );
  });

  it('stops within a few seconds of a stop request and keeps what was done', async () => {
    h = await makeHarness({ config: { fileWorkers: 2 } });
    const dir = tempDir();
    writeTextFiles(dir, 200, () => 'x');
    const task = await h.submit(dir, 'echo', echo({ delayMs: 100 }));
    h.host.start();
    await waitFor('10 files', async () =>
      (await h.store.getTask(task.id))!.processedImages >= 10 ? true : undefined,
    );
    const asked = Date.now();
    await h.store.requestStop(task.id, 300_000);
    const done = await finished(h, task.id);
    assert.equal(done.status, 'stopped');
    assert.ok(Date.now() - asked < 3000, 'the stop should land within a few seconds');
    const project = await h.store.getProjectForTask(task.id);
    const kept = await h.store.countResults(project!.id);
    assert.equal(done.processedImages, kept);
    assert.ok(kept >= 10 && kept < 200);
  });

  it('gives up a task after too many files failed in a row', async () => {
    h = await makeHarness({ config: { maxConsecutiveFailures: 5, fileWorkers: 1 } });
    const dir = tempDir();
    writeTextFiles(dir, 50, () => 'x');
    const task = await h.submit(dir, 'echo', echo({ failPattern: '.' }));
    await h.host.runUntilIdle();
    const done = await h.store.getTask(task.id);
    assert.equal(done?.status, 'failed');
    assert.equal(done?.failedImages, 5);
    assert.match(done?.errorMessage ?? '', /gave up after 5 files failed in a row.*00001\.txt/);
  });

  it('fails a task whose every file failed, with the first reason', async () => {
    h = await makeHarness({ config: { maxConsecutiveFailures: 0 } });
    const dir = tempDir();
    writeTextFiles(dir, 3, () => 'x');
    const task = await h.submit(dir, 'echo', echo({ failPattern: '.' }));
    await h.host.runUntilIdle();
    const done = await h.store.getTask(task.id);
    assert.equal(done?.status, 'failed');
    assert.match(
      done?.errorMessage ?? '',
      /^all 3 files failed; first failure: 0000[123]\.txt: the fixture was told/,
    );
  });

  it('fails a file whose result is too big to store, and stores the others (batched)', async () => {
    h = await makeHarness({ config: { progressIntervalSeconds: 2 } });
    const dir = tempDir();
    writeTextFiles(dir, 6, () => 'hello');
    const params = { padPattern: '00004', padBytes: 5 * 1024 * 1024 };
    const task = await h.submit(dir, 'echo', echo(params));
    await h.host.runUntilIdle();
    const done = await h.store.getTask(task.id);
    assert.deepEqual(
      [done?.status, done?.processedImages, done?.failedImages],
      ['completed', 6, 1],
    );
    const [failure] = await h.store.listFailures(task.id);
    assert.match(failure!.reason, /^00004\.txt: the result is 5\.0 MiB of JSON, over the 4 MiB/);
    assert.equal(await h.store.countResults((await h.store.getProjectForTask(task.id))!.id), 5);
  });

  it('writes the rest of a batch when the database refuses one result of it', async () => {
    const inner = openSqliteStore(path.join(tempDir(), 'db.sqlite'));
    const refused = new Set<number>();
    const store = new Proxy(inner, {
      get(target, key, receiver) {
        if (key !== 'saveResults') return Reflect.get(target, key, receiver) as unknown;
        return async (...args: Parameters<Store['saveResults']>) => {
          if (args[2].some((row) => refused.has(row.fileId))) {
            throw new Error('Data too long for column result');
          }
          return target.saveResults(...args);
        };
      },
    });
    h = await makeHarness({ store, config: { progressIntervalSeconds: 2, fileWorkers: 4 } });
    const dir = tempDir();
    writeTextFiles(dir, 30, () => 'hello');
    const task = await h.submit(dir, 'echo', echo());
    const files = await h.store.listDatasetFiles(task.datasetId, { afterId: 0, limit: 100 });
    refused.add(files[14]!.id);
    await h.host.runUntilIdle();
    const done = await h.store.getTask(task.id);
    assert.deepEqual(
      [done?.status, done?.processedImages, done?.failedImages],
      ['completed', 30, 1],
    );
    const failures = await h.store.listFailures(task.id);
    assert.deepEqual(
      failures.map((f) => f.filePath),
      ['00015.txt'],
    );
    assert.match(failures[0]!.reason, /Data too long/);
  });

  it('fails a task whose pipeline has no operator its task type converts', async () => {
    h = await makeHarness({ operators: [echoFixture, detector] });
    const dir = tempDir();
    writeTextFiles(dir, 2, () => 'x');
    const task = await h.submit(dir, 'object-detection', echo());
    await h.host.runUntilIdle();
    const done = await h.store.getTask(task.id);
    assert.equal(done?.status, 'failed');
    assert.equal(
      done?.errorMessage,
      'task type "object-detection" converts the output of object-detection; the pipeline has echo-text',
    );
  });

  it('fails the task before any file when a step names an unknown operator', async () => {
    h = await makeHarness();
    const dir = tempDir();
    writeTextFiles(dir, 3, () => 'x');
    const task = await h.submit(dir, 'echo', [{ operator: 'no-such-operator', params: {} }]);
    await h.host.runUntilIdle();
    const done = await h.store.getTask(task.id);
    assert.equal(done?.status, 'failed');
    assert.equal(done?.processedImages, 0);
    assert.match(done?.errorMessage ?? '', /no operator named "no-such-operator"/);
  });
});
