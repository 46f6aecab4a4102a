import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  makeCliHome,
  parseJson,
  type CliHome,
  type RunningCli,
  echoSubmit,
} from './support/cli-home';
import { tempDir, writeTextFiles } from '../helpers/temp';

async function homeWithNotes(files = 4): Promise<CliHome> {
  const cli = makeCliHome();
  const dir = tempDir();
  writeTextFiles(dir, files, (i) => 'word '.repeat(i));
  const added = await cli.run(['datasets', 'add', dir, '--name', 'notes']);
  assert.equal(added.code, 0, added.stderr);
  return cli;
}

async function taskCount(cli: CliHome): Promise<number> {
  const store = cli.openStore();
  try {
    return (await store.listTasks()).length;
  } finally {
    await store.close();
  }
}

describe('autoannotate submit', () => {
  let host: RunningCli | undefined;
  afterEach(async () => {
    host?.child.kill('SIGTERM');
    await host?.ended();
    host = undefined;
  });

  it('writes a pending task with the pipeline from --operator and --params', async () => {
    const cli = await homeWithNotes();
    const result = await cli.run([...echoSubmit('notes'), '--params', '{"threshold": 12}']);

    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        'task 1 submitted: "echo over notes", 4 files of dataset 1 "notes", pipeline echo-text',
        'follow it with: autoannotate status 1  (a host must be running: autoannotate host)',
        '',
      ].join('\n'),
    );
    const json = parseJson<{ tasks: Array<Record<string, unknown>> }>(
      await cli.run(['status', '--json']),
    );
    assert.deepEqual(
      json.tasks.map((t) => [t.id, t.status, t.taskType, t.pipeline]),
      [[1, 'pending', 'echo', [{ operator: 'echo-text', params: { threshold: 12 } }]]],
    );
  });

  it('takes the dataset by id and the pipeline from a JSON file', async () => {
    const cli = await homeWithNotes();
    const file = path.join(cli.home, 'pipeline.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ pipeline: [{ operator: 'echo-text', params: { threshold: 3 } }] }),
    );
    const result = await cli.run([
      'submit',
      '--dataset',
      '1',
      '--type',
      'echo',
      '--pipeline-file',
      file,
      '--name',
      'from a file',
      '--json',
    ]);

    assert.equal(result.code, 0, result.stderr);
    const { task } = parseJson<{ task: { name: string; datasetId: number; pipeline: unknown } }>(
      result,
    );
    assert.deepEqual(
      [task.name, task.datasetId, task.pipeline],
      ['from a file', 1, [{ operator: 'echo-text', params: { threshold: 3 } }]],
    );
  });

  it('refuses params the operator rejects with exit 2 and writes no task', async () => {
    const cli = await homeWithNotes();
    const result = await cli.run([
      ...echoSubmit('notes'),
      '--params',
      '{"delayMs": "slow"}',
      '--json',
    ]);

    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'error AA_PARAMS_INVALID: pipeline step 1 (echo-text): params.delayMs must be a number >= 0\n',
    );
    assert.deepEqual(parseJson(result), {
      error: {
        code: 'AA_PARAMS_INVALID',
        message: 'pipeline step 1 (echo-text): params.delayMs must be a number >= 0',
      },
    });
    assert.equal(await taskCount(cli), 0);
  });

  it('refuses an unknown operator or task type with exit 2, naming what is registered', async () => {
    const cli = await homeWithNotes();
    const operator = await cli.run([
      'submit',
      '--dataset',
      'notes',
      '--type',
      'echo',
      '--operator',
      'ocr',
    ]);
    const taskType = await cli.run([
      'submit',
      '--dataset',
      'notes',
      '--type',
      'ner',
      '--operator',
      'echo-text',
    ]);

    assert.equal(operator.code, 2);
    assert.equal(
      operator.stderr,
      'error AA_PIPELINE_INVALID: no operator named "ocr" is registered (registered: echo-text)\n',
    );
    assert.equal(taskType.code, 2);
    assert.equal(
      taskType.stderr,
      'error AA_PIPELINE_INVALID: no converter for task type "ner" is registered (registered: echo)\n',
    );
    assert.equal(await taskCount(cli), 0);
  });

  it('refuses a missing, malformed or conflicting pipeline', async () => {
    const cli = await homeWithNotes();
    const bad = path.join(cli.home, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify([{ operator: 'echo-text', params: 'fast' }]));
    const base = ['submit', '--dataset', 'notes', '--type', 'echo'];
    const none = await cli.run(base);
    const missing = await cli.run([...base, '--pipeline-file', path.join(cli.home, 'nope.json')]);
    const malformed = await cli.run([...base, '--pipeline-file', bad]);
    const both = await cli.run([...base, '--pipeline-file', bad, '--operator', 'echo-text']);
    const badJson = await cli.run([
      ...base,
      '--operator',
      'echo-text',
      '--params',
      '{threshold: 3}',
    ]);

    assert.deepEqual(
      [none.code, missing.code, malformed.code, both.code, badJson.code],
      [2, 3, 2, 2, 2],
    );
    assert.match(
      none.stderr,
      /^error AA_USAGE: give the pipeline: --operator NAME \[--params JSON\], or --pipeline-file FILE\n$/,
    );
    assert.match(
      missing.stderr,
      /^error AA_NOT_FOUND: pipeline file .*nope\.json does not exist\n$/,
    );
    assert.match(malformed.stderr, /^error AA_USAGE: pipeline file .*bad\.json: 0\.params: /);
    assert.match(
      both.stderr,
      /^error AA_USAGE: option '--pipeline-file <file>' cannot be used with option '--operator <name>'/,
    );
    assert.match(
      badJson.stderr,
      /^error AA_USAGE: option '--params <json>' argument '\{threshold: 3\}' is invalid\. not valid JSON/,
    );
    assert.equal(await taskCount(cli), 0);
  });

  it('refuses a dataset that does not exist with exit 3', async () => {
    const cli = await homeWithNotes();
    const result = await cli.run(echoSubmit('photos'));
    assert.equal(result.code, 3);
    assert.equal(
      result.stderr,
      'error AA_NOT_FOUND: dataset "photos" does not exist (autoannotate datasets list shows them)\n',
    );
  });

  it('follows a task with --wait to completion: progress lines on stderr, the result on stdout, exit 0', async () => {
    const cli = await homeWithNotes(6);
    host = cli.start(['host']);
    await host.waitForStderr(/"msg":"host started"/);
    const result = await cli.run([
      ...echoSubmit('notes'),
      '--params',
      '{"threshold": 15, "delayMs": 150}',
      '--wait',
      '--interval',
      '0.1',
    ]);

    assert.equal(result.code, 0, result.stderr);
    const progress = result.stderr.trimEnd().split('\n');
    assert.equal(progress[0], 'task 1 submitted; following it (Ctrl-C stops following)');
    assert.match(
      progress[progress.length - 1]!,
      /^task 1 completed: 6\/6 files \(100%\), 0 failed, (\d+(\.\d)?|-) files\/s, ETA -$/,
    );
    assert.match(result.stdout, /^task 1 "echo over notes"\n {2}status {4}completed\n/);
    assert.match(result.stdout, /^ {2}files {5}6\/6 processed, 0 failed$/m);
    assert.match(result.stdout, /^ {2}regions {3}6$/m);
  });

  it('ends --wait with exit 1 and the reasons when the task fails', async () => {
    const cli = await homeWithNotes(3);
    host = cli.start(['host']);
    await host.waitForStderr(/"msg":"host started"/);
    const result = await cli.run([
      ...echoSubmit('notes'),
      '--params',
      '{"failPattern": "."}',
      '--wait',
      '--interval',
      '0.1',
      '--json',
    ]);

    assert.equal(result.code, 1);
    assert.equal(result.stderr, '', 'no progress with --json');
    type Waited = { task: Record<string, unknown>; failures: Array<Record<string, unknown>> };
    const { task, failures } = parseJson<Waited>(result);
    assert.equal(task.status, 'failed');
    assert.match(
      String(task.errorMessage),
      /^all 3 files failed; first failure: 0000[1-3]\.txt: the fixture was told to fail this file$/,
    );
    assert.deepEqual(
      failures.map((f) => f.filePath),
      ['00001.txt', '00002.txt', '00003.txt'],
    );
  });
});
