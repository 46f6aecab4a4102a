import assert from 'node:assert/strict';
import { makeCliHome, parseJson, waitFor, type CliHome, echoSubmit } from './support/cli-home';
import { tempDir, writeTextFiles } from '../helpers/temp';

async function submit(
  cli: CliHome,
  params: Record<string, unknown>,
  name?: string,
): Promise<number> {
  const args = [...echoSubmit('notes'), '--params', JSON.stringify(params), '--json'];
  const result = await cli.run(name ? [...args, '--name', name] : args);
  assert.equal(result.code, 0, result.stderr);
  return parseJson<{ task: { id: number } }>(result).task.id;
}

async function homeWithNotes(files: number): Promise<CliHome> {
  const cli = makeCliHome();
  const dir = tempDir();
  writeTextFiles(dir, files, (i) => 'word '.repeat(i));
  assert.equal((await cli.run(['datasets', 'add', dir, '--name', 'notes'])).code, 0);
  return cli;
}

describe('autoannotate status', () => {
  it('lists the tasks newest first as a table', async () => {
    const cli = await homeWithNotes(3);
    await submit(cli, {}, 'first');
    await submit(cli, {}, 'second');
    const result = await cli.run(['status']);
    const lines = result.stdout.trimEnd().split('\n');

    assert.equal(result.code, 0);
    assert.match(
      lines[0]!,
      /^ID {2}NAME {4}TYPE {2}STATUS {3}FILES {2}FAILED {2}REGIONS {2}UPDATED$/,
    );
    assert.match(lines[1]!, /^2 {3}second {2}echo {2}pending {2}- {6}0 {7}0 {8}\d{4}-/);
    assert.match(lines[2]!, /^1 {3}first /);
  });

  it('filters by status and limits the list', async () => {
    const cli = await homeWithNotes(2);
    const first = await submit(cli, {});
    await submit(cli, {});
    await submit(cli, {});
    assert.equal((await cli.run(['stop', String(first)])).code, 0);

    type Listed = { tasks: Array<{ id: number }> };
    const stopped = parseJson<Listed>(await cli.run(['status', '--status', 'stopped', '--json']));
    const limited = parseJson<Listed>(await cli.run(['status', '--limit', '2', '--json']));
    const wrong = await cli.run(['status', '--status', 'done']);
    assert.deepEqual(
      stopped.tasks.map((t) => t.id),
      [first],
    );
    assert.deepEqual(
      limited.tasks.map((t) => t.id),
      [3, 2],
    );
    assert.equal(wrong.code, 2);
    assert.match(
      wrong.stderr,
      /^error AA_USAGE: option '--status <status>' argument 'done' is invalid\. Allowed choices are pending, running, completed, failed, stopped\./,
    );
  });

  it('shows one task in detail with the files that failed and why', async () => {
    const cli = await homeWithNotes(5);
    const taskId = await submit(cli, { failPattern: '0000[24]' });
    const ran = await cli.run(['host', '--once']);
    assert.equal(ran.code, 0, ran.stderr);
    const result = await cli.run(['status', String(taskId)]);

    assert.equal(result.code, 0);
    const text = result.stdout;
    assert.match(
      text,
      /^task 1 "echo over notes"\n {2}status {4}completed\n {2}type {6}echo\n {2}dataset {3}1\n/,
    );
    assert.match(text, /^ {2}pipeline {2}echo-text \{"failPattern":"0000\[24\]"\}$/m);
    assert.match(text, /^ {2}files {5}5\/5 processed, 2 failed$/m);
    assert.match(text, /^ {2}finished {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(\d+\.\d s\)$/m);
    assert.match(
      text,
      /^failures \(2\):\n {2}00002\.txt: the fixture was told to fail this file\n {2}00004\.txt: the fixture was told to fail this file\n$/m,
    );

    const json = parseJson<{
      task: { failedImages: number };
      failures: Array<{ filePath: string; reason: string }>;
    }>(await cli.run(['status', String(taskId), '--json', '--failures', '1']));
    assert.equal(json.task.failedImages, 2);
    assert.equal(json.failures.length, 1);
    const shortened = await cli.run(['status', String(taskId), '--failures', '1']);
    assert.match(shortened.stdout, /^failures \(1 of 2\):$/m);
  });

  it('answers a task that does not exist with exit 3', async () => {
    const result = await makeCliHome().run(['status', '7']);
    assert.equal(result.code, 3);
    assert.equal(result.stderr, 'error AA_NOT_FOUND: task 7 does not exist\n');
  });
});

describe('autoannotate stop', () => {
  it('stops a pending task at once', async () => {
    const cli = await homeWithNotes(2);
    const taskId = await submit(cli, {});
    const result = await cli.run(['stop', String(taskId)]);

    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'task 1 stopped before any host ran it\n');
    const store = cli.openStore();
    try {
      assert.equal((await store.getTask(taskId))?.status, 'stopped');
    } finally {
      await store.close();
    }
  });

  it('asks the host running a task to stop it and, with --wait, waits until it has, keeping the results', async () => {
    const cli = await homeWithNotes(40);
    const taskId = await submit(cli, { delayMs: 200 });
    const host = cli.start(['host'], { FILE_WORKERS: '2' });
    try {
      const store = cli.openStore();
      try {
        await waitFor('two files done', async () => {
          const task = await store.getTask(taskId);
          return task && task.processedImages >= 2 ? task : undefined;
        });
      } finally {
        await store.close();
      }
      const result = await cli.run(['stop', String(taskId), '--wait', '--json']);

      assert.equal(result.code, 0, result.stderr);
      type Stopped = { task: Record<string, number | string>; stopRequested: boolean };
      const { task, stopRequested } = parseJson<Stopped>(result);
      assert.equal(stopRequested, true);
      assert.equal(task.status, 'stopped');
      assert.ok(
        Number(task.processedImages) >= 2 && Number(task.processedImages) < 40,
        String(task.processedImages),
      );
      const exported = parseJson<{ taskCount: number }>(
        await cli.run(['export', String(taskId), '--json']),
      );
      assert.equal(
        exported.taskCount,
        task.processedImages,
        'the results written before the stop are kept',
      );
    } finally {
      host.child.kill('SIGTERM');
      assert.equal((await host.ended()).code, 0);
    }
  });

  it('says there is nothing to stop when the task already ended', async () => {
    const cli = await homeWithNotes(1);
    const taskId = await submit(cli, {});
    await cli.run(['host', '--once']);
    const result = await cli.run(['stop', String(taskId)]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'task 1 is already completed; nothing to stop\n');
  });

  it('answers a task that does not exist with exit 3', async () => {
    const result = await makeCliHome().run(['stop', '3', '--json']);
    assert.equal(result.code, 3);
    assert.deepEqual(parseJson(result), {
      error: { code: 'AA_NOT_FOUND', message: 'task 3 does not exist' },
    });
  });
});
