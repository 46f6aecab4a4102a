import assert from 'node:assert/strict';
import path from 'node:path';
import type { Store, Task } from '@autoannotate/runtime';
import { fixturesDir } from '../helpers/paths';
import { tempDir, writeTextFiles } from '../helpers/temp';
import { makeCliHome, parseJson, waitFor, type CliHome, echoSubmit } from './support/cli-home';

async function homeWithTask(files: number, params: Record<string, unknown>): Promise<CliHome> {
  const cli = makeCliHome();
  const dir = tempDir();
  writeTextFiles(dir, files, (i) => `note number ${i}`);
  assert.equal((await cli.run(['datasets', 'add', dir, '--name', 'notes'])).code, 0);
  const submitted = await cli.run([...echoSubmit('notes'), '--params', JSON.stringify(params)]);
  assert.equal(submitted.code, 0, submitted.stderr);
  return cli;
}

async function withStore<T>(cli: CliHome, work: (store: Store) => Promise<T>): Promise<T> {
  const store = cli.openStore();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The task row and how many results are stored for it. */
async function taskAndResults(
  cli: CliHome,
  taskId: number,
): Promise<{ task: Task; results: number }> {
  return withStore(cli, async (store) => {
    const task = (await store.getTask(taskId))!;
    const project = await store.getProjectForTask(taskId);
    return { task, results: project ? await store.countResults(project.id) : 0 };
  });
}

function logLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('autoannotate host', () => {
  it('runs the pending tasks with --once, then exits 0 with a summary', async () => {
    const cli = await homeWithTask(4, { failPattern: '00002' });
    const result = await cli.run(['host', '--once', '--json']);

    assert.equal(result.code, 0, result.stderr);
    const summary = parseJson<{ hostId: string; runs: Record<string, number> }>(result);
    assert.deepEqual(summary.runs, { completed: 1 });
    assert.match(summary.hostId, /^.+:\d+:[0-9a-f]{8}$/);
    const { task, results } = await taskAndResults(cli, 1);
    assert.deepEqual(
      [task.status, task.processedImages, task.failedImages, results],
      ['completed', 4, 1, 3],
    );
  });

  it('logs JSON lines to stderr carrying the task, and the file and reason of a failed file', async () => {
    const cli = await homeWithTask(3, { failPattern: '00002' });
    const result = await cli.run(['host', '--once']);
    const lines = logLines(result.stderr);

    assert.match(result.stdout, /^host \S+ exited: 1 completed\n$/);
    const failed = lines.find((l) => l.msg === 'file failed');
    assert.deepEqual(
      [failed?.taskId, failed?.taskType, failed?.file, failed?.reason, failed?.level],
      [1, 'echo', '00002.txt', '00002.txt: the fixture was told to fail this file', 40],
    );
    assert.equal(typeof failed?.fileId, 'number');
    const finished = lines.find((l) => l.msg === 'task run finished');
    assert.deepEqual(
      [finished?.taskId, finished?.outcome, finished?.processedImages, finished?.failedImages],
      [1, 'completed', 3, 1],
    );
  });

  it('writes human-readable log lines when LOG_FORMAT=pretty', async () => {
    const cli = await homeWithTask(1, {});
    const result = await cli.run(['host', '--once'], { LOG_FORMAT: 'pretty' });
    assert.equal(result.code, 0);
    assert.equal(logLines(result.stderr).length, 0, 'no JSON lines');
    assert.match(
      result.stderr,
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(.*\): task run finished\n {4}taskId: 1\n/m,
    );
  });

  it('refuses to start with exit 4 when a plugin is broken, and claims nothing', async () => {
    const cli = makeCliHome({
      operators: [{ path: path.join(fixturesDir, 'operators', 'throws-on-load') }],
    });
    const result = await cli.run(['host', '--once']);
    assert.equal(result.code, 4);
    assert.match(
      result.stderr,
      /^error AA_PLUGIN_SHAPE_INVALID: plugin ".*throws-on-load" .*loading it threw/m,
    );
  });

  describe('on SIGTERM', () => {
    it('lets the files in flight finish, gives the task back with exact counts and exits 0', async () => {
      const cli = await homeWithTask(6, { delayMs: 700 });
      const host = cli.start(['host'], { FILE_WORKERS: '2', DRAIN_TIMEOUT_SECONDS: '30' });
      await withStore(cli, (store) =>
        waitFor('two files done', async () => {
          const task = await store.getTask(1);
          return task && task.processedImages >= 2 ? task : undefined;
        }),
      );
      host.child.kill('SIGTERM');
      const ended = await host.ended();

      assert.equal(ended.code, 0, ended.stderr);
      const messages = logLines(ended.stderr).map((l) => l.msg);
      assert.ok(
        messages.includes('host draining') && messages.includes('host drained'),
        messages.join(', '),
      );
      assert.match(ended.stdout, /exited: 1 released\n$/);
      const { task, results } = await taskAndResults(cli, 1);
      assert.equal(task.status, 'pending');
      assert.equal(task.runToken, null);
      assert.equal(task.failedImages, 0);
      assert.equal(task.processedImages, results, 'the counts match the results that landed');
      assert.ok(results >= 2 && results < 6, `${results} results`);

      const resumed = await cli.run(['host', '--once']);
      assert.equal(resumed.code, 0);
      const after = await taskAndResults(cli, 1);
      assert.deepEqual(
        [after.task.status, after.task.processedImages, after.results],
        ['completed', 6, 6],
      );
    });

    it('gives the task back when the files in flight outlast DRAIN_TIMEOUT_SECONDS', async () => {
      const cli = await homeWithTask(4, { delayMs: 60000 });
      const host = cli.start(['host'], { FILE_WORKERS: '2', DRAIN_TIMEOUT_SECONDS: '0.3' });
      await withStore(cli, (store) =>
        waitFor('the task to run', async () => {
          const task = await store.getTask(1);
          return task?.status === 'running' && task.totalImages === 4 ? task : undefined;
        }),
      );
      host.child.kill('SIGTERM');
      const ended = await host.ended();

      assert.equal(ended.code, 0, ended.stderr);
      const { task, results } = await taskAndResults(cli, 1);
      assert.deepEqual(
        [task.status, task.processedImages, task.failedImages, results, task.runToken],
        ['pending', 0, 0, 0, null],
      );
    });
  });

  it('drains on SIGINT with --once as well', async () => {
    const cli = await homeWithTask(4, { delayMs: 60000 });
    const host = cli.start(['host', '--once'], { FILE_WORKERS: '1', DRAIN_TIMEOUT_SECONDS: '0.3' });
    await host.waitForStderr(/"msg":"task run started"/);
    await withStore(cli, (store) =>
      waitFor('the first progress write', async () => {
        const task = await store.getTask(1);
        return task?.totalImages === 4 ? task : undefined;
      }),
    );
    host.child.kill('SIGINT');
    const ended = await host.ended();

    assert.equal(ended.code, 0, ended.stderr);
    assert.match(ended.stdout, /exited: 1 released\n$/);
    const { task } = await taskAndResults(cli, 1);
    assert.deepEqual([task.status, task.processedImages, task.runToken], ['pending', 0, null]);
  });
});
