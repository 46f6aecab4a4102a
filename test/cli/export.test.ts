import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startLabelStudioStub, type LabelStudioStub } from '../helpers/label-studio-stub';
import { makeCliHome, parseJson, type CliHome, echoSubmit } from './support/cli-home';
import { tempDir, writeTextFiles } from '../helpers/temp';

const TOKEN = '0123456789abcdef0123456789abcdef';

/** A home with one completed echo task over three notes. */
async function homeWithCompletedTask(): Promise<CliHome> {
  const cli = makeCliHome();
  const dir = tempDir();
  writeTextFiles(dir, 3, (i) => 'word '.repeat(i));
  assert.equal((await cli.run(['datasets', 'add', dir, '--name', 'notes'])).code, 0);
  const submitted = await cli.run([...echoSubmit('notes'), '--params', '{"threshold": 10}']);
  assert.equal(submitted.code, 0, submitted.stderr);
  assert.equal((await cli.run(['host', '--once'])).code, 0);
  return cli;
}

describe('autoannotate export', () => {
  let stub: LabelStudioStub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('writes the Label Studio tasks with predictions and the label config into EXPORT_DIR', async () => {
    const cli = await homeWithCompletedTask();
    const result = await cli.run(['export', '1']);
    const tasksFile = path.join(cli.home, 'exports', 'task-1.tasks.json');
    const configFile = path.join(cli.home, 'exports', 'task-1.label-config.xml');

    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        'exported task 1: 3 Label Studio tasks with predictions',
        `  tasks         ${tasksFile}`,
        `  label config  ${configFile}`,
        '',
      ].join('\n'),
    );
    const tasks = JSON.parse(fs.readFileSync(tasksFile, 'utf8')) as Array<Record<string, any>>;
    assert.deepEqual(
      tasks.map((t) => [
        t.data.text,
        t.predictions[0].result[0].value.choices[0],
        t.meta.file_path,
      ]),
      [
        ['word ', 'short', '00001.txt'],
        ['word word ', 'long', '00002.txt'],
        ['word word word ', 'long', '00003.txt'],
      ],
    );
    assert.match(
      fs.readFileSync(configFile, 'utf8'),
      /^<View><Text name="text" value="\$text"\/><Choices name="label"/,
    );
  });

  it('writes into --out and reports the files as JSON', async () => {
    const cli = await homeWithCompletedTask();
    const out = tempDir();
    const json = parseJson<Record<string, unknown>>(
      await cli.run(['export', '1', '--out', out, '--json']),
    );
    assert.deepEqual(json, {
      tasksFile: path.join(out, 'task-1.tasks.json'),
      labelConfigFile: path.join(out, 'task-1.label-config.xml'),
      taskCount: 3,
      push: null,
    });
  });

  it('answers a task that has not run with exit 3', async () => {
    const cli = makeCliHome();
    const dir = tempDir();
    writeTextFiles(dir, 1, () => 'x');
    await cli.run(['datasets', 'add', dir, '--name', 'notes']);
    await cli.run(['submit', '--dataset', 'notes', '--type', 'echo', '--operator', 'echo-text']);
    const result = await cli.run(['export', '1']);
    assert.equal(result.code, 3);
    assert.equal(
      result.stderr,
      'error AA_NOT_FOUND: task 1 has no labeling project yet (it has not run)\n',
    );
  });

  it('refuses --push with exit 2 naming the variables that are not set, before writing anything', async () => {
    const cli = await homeWithCompletedTask();
    const result = await cli.run(['export', '1', '--push']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'error AA_CONFIG_INVALID: pushing to Label Studio needs LABEL_STUDIO_URL and LABEL_STUDIO_TOKEN to be set\n',
    );
    assert.ok(!fs.existsSync(path.join(cli.home, 'exports')));
  });

  it('pushes to Label Studio and adds nothing when pushed again', async () => {
    stub = await startLabelStudioStub({ token: TOKEN });
    const cli = await homeWithCompletedTask();
    const env = { LABEL_STUDIO_URL: stub.url, LABEL_STUDIO_TOKEN: TOKEN };
    const first = await cli.run(['export', '1', '--push'], env);
    const second = await cli.run(['export', '1', '--push', '--json'], env);

    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /^pushed to Label Studio project 1 "echo over notes \(task 1\)" \(created\): 3 tasks imported, 0 predictions added, 0 updated, 0 unchanged$/m,
    );
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(parseJson<{ push: unknown }>(second).push, {
      projectId: 1,
      title: 'echo over notes (task 1)',
      projectCreated: false,
      labelConfigUpdated: false,
      tasksImported: 0,
      predictionsAdded: 0,
      predictionsUpdated: 0,
      unchanged: 3,
    });
    assert.equal(stub.projects.length, 1);
    assert.equal(stub.tasks.length, 3);
    assert.equal(stub.predictions.length, 3);
    for (const output of [first, second])
      assert.ok(!output.stderr.includes(TOKEN) && !output.stdout.includes(TOKEN));
  });

  it("fails with exit 5 and the server's reason when Label Studio refuses the token", async () => {
    stub = await startLabelStudioStub({ token: TOKEN });
    const cli = await homeWithCompletedTask();
    const result = await cli.run(['export', '1', '--push', '--project-title', 'night shift'], {
      LABEL_STUDIO_URL: stub.url,
      LABEL_STUDIO_TOKEN: 'ffffffffffffffffffffffffffffffff',
    });
    assert.equal(result.code, 5);
    assert.equal(
      result.stderr,
      'error AA_LABEL_STUDIO: Label Studio GET /api/projects/ answered 401: ' +
        'Authentication credentials were not provided.\n',
    );
  });
});
