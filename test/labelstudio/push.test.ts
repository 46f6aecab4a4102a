import assert from 'node:assert/strict';
import fs from 'node:fs';
import { errorCode, exportTask, silentLogger, type LabelStudioTask } from '@autoannotate/runtime';
import { LabelStudioClient } from '@autoannotate/runtime/labelstudio/label-studio-client';
import { LabelStudioError } from '@autoannotate/runtime/labelstudio/label-studio-error';
import { projectTitle } from '@autoannotate/runtime/labelstudio/project-title';
import { pushTasks, type PushInput } from '@autoannotate/runtime/labelstudio/push-tasks';
import { makeHarness, type Harness } from '../helpers/harness';
import {
  startLabelStudioStub,
  type LabelStudioStub,
  type StubOptions,
} from '../helpers/label-studio-stub';
import { tempDir, writeTextFiles } from '../helpers/temp';

const TOKEN = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

interface Exported {
  readonly input: PushInput;
  readonly taskCount: number;
}

/** Runs a real echo-text task over `files` text files and reads its export, as a push gets it. */
async function exportedTask(h: Harness, files: number): Promise<Exported> {
  const dir = tempDir();
  writeTextFiles(dir, files, (i) => 'x'.repeat(i));
  const task = await h.submit(
    dir,
    'echo',
    [{ operator: 'echo-text', params: { threshold: 4 } }],
    'notes',
  );
  await h.host.runUntilIdle();
  const out = await exportTask(h.store, h.parts.registry, task.id, tempDir());
  return {
    taskCount: out.taskCount,
    input: {
      title: projectTitle(task.name, task.id),
      description: 'test push',
      labelConfig: fs.readFileSync(out.labelConfigFile, 'utf8'),
      tasks: JSON.parse(fs.readFileSync(out.tasksFile, 'utf8')) as LabelStudioTask[],
    },
  };
}

function clientFor(
  stub: LabelStudioStub,
  overrides: Partial<{ token: string; pageSize: number }> = {},
) {
  return new LabelStudioClient({ url: stub.url, token: TOKEN, timeoutMs: 5000, ...overrides });
}

describe('Label Studio push', () => {
  let h: Harness;
  let stub: LabelStudioStub;
  const start = async (options: StubOptions = {}) => {
    stub = await startLabelStudioStub({ token: TOKEN, ...options });
    h = await makeHarness();
  };
  afterEach(async () => {
    await h?.close();
    await stub?.close();
  });

  it('creates the project with the label config and imports every file with its prediction', async () => {
    await start();
    const { input, taskCount } = await exportedTask(h, 6);
    const summary = await pushTasks(clientFor(stub), input, silentLogger());

    assert.equal(taskCount, 6);
    assert.deepEqual(summary, {
      projectId: stub.projects[0]!.id,
      title: 'notes (task 1)',
      projectCreated: true,
      labelConfigUpdated: false,
      tasksImported: 6,
      predictionsAdded: 0,
      predictionsUpdated: 0,
      unchanged: 0,
    });
    assert.equal(stub.projects.length, 1);
    assert.match(stub.projects[0]!.label_config, /<Choices name="label" toName="text">/);
    assert.equal(stub.tasks.length, 6);
    assert.deepEqual(
      stub.tasks.map((t) => t.meta.file_path),
      ['00001.txt', '00002.txt', '00003.txt', '00004.txt', '00005.txt', '00006.txt'],
    );
    assert.equal(stub.tasks[0]!.data.text, 'x');
    assert.equal(stub.predictions.length, 6);
    const choiceOf = (p: { result: unknown }) =>
      (p.result as Array<{ value: { choices: string[] } }>)[0]!.value.choices[0];
    assert.deepEqual(stub.predictions.map(choiceOf), [
      'short',
      'short',
      'short',
      'long',
      'long',
      'long',
    ]);
    assert.ok(stub.predictions.every((p) => p.model_version === 'echo-text@1'));
  });

  it('adds no task and no prediction when the same export is pushed again', async () => {
    await start();
    const { input } = await exportedTask(h, 5);
    await pushTasks(clientFor(stub), input, silentLogger());
    const second = await pushTasks(clientFor(stub), input, silentLogger());

    assert.equal(second.projectCreated, false);
    assert.deepEqual(
      [second.tasksImported, second.predictionsAdded, second.predictionsUpdated, second.unchanged],
      [0, 0, 0, 5],
    );
    assert.equal(stub.projects.length, 1);
    assert.equal(stub.tasks.length, 5);
    assert.equal(stub.predictions.length, 5);
    assert.equal(
      stub.requests.filter((r) => r.startsWith('POST /api/projects/')).length,
      2,
      'one create, one import',
    );
  });

  it('replaces a changed prediction of the same model version instead of adding a second one', async () => {
    await start();
    const { input } = await exportedTask(h, 3);
    await pushTasks(clientFor(stub), input, silentLogger());
    const changed = structuredClone(input) as PushInput & {
      tasks: Array<{ predictions: Array<{ result: unknown }> }>;
    };
    changed.tasks[0]!.predictions[0]!.result = [
      {
        id: 'c-f1',
        from_name: 'label',
        to_name: 'text',
        type: 'choices',
        value: { choices: ['long'] },
      },
    ];
    const summary = await pushTasks(clientFor(stub), changed, silentLogger());

    assert.deepEqual(
      [
        summary.tasksImported,
        summary.predictionsAdded,
        summary.predictionsUpdated,
        summary.unchanged,
      ],
      [0, 0, 1, 2],
    );
    assert.equal(stub.predictions.length, 3);
    const first = stub.predictions.find((p) => p.task === stub.tasks[0]!.id)!;
    assert.deepEqual((first.result as Array<{ value: unknown }>)[0]!.value, { choices: ['long'] });
  });

  it('adds a prediction of a new model version next to the earlier one', async () => {
    await start();
    const { input } = await exportedTask(h, 2);
    await pushTasks(clientFor(stub), input, silentLogger());
    const newer = {
      ...input,
      tasks: input.tasks.map((t) => ({
        ...t,
        predictions: t.predictions.map((p) => ({ ...p, model_version: 'echo-text@2' })),
      })),
    };
    const summary = await pushTasks(clientFor(stub), newer, silentLogger());

    assert.equal(summary.predictionsAdded, 2);
    assert.deepEqual(stub.predictions.map((p) => p.model_version).sort(), [
      'echo-text@1',
      'echo-text@1',
      'echo-text@2',
      'echo-text@2',
    ]);
  });

  it('reuses a project of the same title made by hand, updates its label config, leaves its tasks alone', async () => {
    await start();
    const { input } = await exportedTask(h, 3);
    const client = clientFor(stub);
    const byHand = await client.createProject({
      title: input.title,
      description: 'by hand',
      labelConfig: '<View><Text name="text" value="$text"/></View>',
    });
    await client.importTasks(byHand.id, [{ data: { text: 'typed in the UI' } }]);

    const summary = await pushTasks(client, input, silentLogger());
    assert.equal(summary.projectId, byHand.id);
    assert.equal(summary.labelConfigUpdated, true);
    assert.equal(summary.tasksImported, 3);
    assert.equal(stub.projects.length, 1);
    assert.equal(stub.projects[0]!.label_config, input.labelConfig);
    assert.equal(stub.tasks.length, 4);
    assert.equal(stub.predictions.filter((p) => p.task === stub.tasks[0]!.id).length, 0);
  });

  it('pages through projects and tasks larger than one page and still adds nothing on a second push', async () => {
    await start({ projectsPageSize: 2 });
    const client = clientFor(stub, { pageSize: 3 });
    const { input } = await exportedTask(h, 8);
    // The server's title filter is a substring match: these come back too and must be passed over.
    for (const title of [`copy of ${input.title}`, `${input.title} old`, `${input.title} v2`]) {
      await client.createProject({ title, description: '', labelConfig: '<View></View>' });
    }
    await pushTasks(client, input, silentLogger());
    const second = await pushTasks(client, input, silentLogger());

    assert.equal(second.projectCreated, false);
    assert.equal(second.unchanged, 8);
    assert.equal(stub.projects.length, 4);
    assert.ok(stub.requests.some((r) => /^GET \/api\/projects\/\?page=2&/.test(r)));
    assert.equal(stub.tasks.length, 8);
    assert.equal(stub.predictions.length, 8);
    assert.ok(
      stub.requests.some((r) => /^GET \/api\/tasks\/\?project=\d+&page=3&page_size=3/.test(r)),
    );
    assert.ok(
      !stub.requests.some((r) => /page=4&page_size=3/.test(r)),
      'never asks past the last page',
    );
  });

  it('recognises its earlier tasks by their data when the server dropped meta', async () => {
    await start({ dropMeta: true });
    const { input } = await exportedTask(h, 4);
    await pushTasks(clientFor(stub), input, silentLogger());
    const second = await pushTasks(clientFor(stub), input, silentLogger());

    assert.equal(second.unchanged, 4);
    assert.equal(stub.tasks.length, 4);
  });

  it('waits for an import the server runs in the background', async () => {
    await start({ asyncImport: true });
    const { input } = await exportedTask(h, 3);
    await pushTasks(clientFor(stub), input, silentLogger());

    assert.equal(
      stub.requests.filter((r) => /^GET \/api\/projects\/\d+\/imports\/\d+\/$/.test(r)).length,
      2,
    );
    const second = await pushTasks(clientFor(stub), input, silentLogger());
    assert.equal(second.unchanged, 3);
  });

  it('exchanges a personal access token for access tokens and gets a new one when it expires', async () => {
    const personalToken = 'eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl';
    await start({ token: undefined, personalToken });
    const { input } = await exportedTask(h, 2);
    const client = clientFor(stub, { token: personalToken });
    await pushTasks(client, input, silentLogger());
    stub.expireAccessTokens();
    const second = await pushTasks(client, input, silentLogger());

    assert.equal(second.unchanged, 2);
    assert.equal(stub.requests.filter((r) => r === 'POST /api/token/refresh').length, 2);
  });

  it('names the request and status when Label Studio refuses the token, without showing the token', async () => {
    await start();
    const { input } = await exportedTask(h, 1);
    const wrongToken = 'aaaabbbbccccddddeeeeffff00001111';
    const error = await pushTasks(
      clientFor(stub, { token: wrongToken }),
      input,
      silentLogger(),
    ).then(
      () => assert.fail('the push should fail'),
      (e: unknown) => e,
    );

    assert.ok(error instanceof LabelStudioError);
    assert.equal(errorCode(error), 'AA_LABEL_STUDIO');
    assert.equal(error.status, 401);
    assert.match(
      error.message,
      /^Label Studio GET \/api\/projects\/ answered 401: Authentication credentials/,
    );
    assert.ok(!error.message.includes(wrongToken));
    assert.equal(stub.projects.length, 0);
  });

  it('reports a server that cannot be reached as AA_LABEL_STUDIO naming the address', async () => {
    await start();
    const { input } = await exportedTask(h, 1);
    const url = stub.url;
    await stub.close();
    const client = new LabelStudioClient({ url, token: TOKEN, timeoutMs: 2000 });
    await assert.rejects(pushTasks(client, input, silentLogger()), (error: Error) => {
      assert.equal(errorCode(error), 'AA_LABEL_STUDIO');
      assert.match(
        error.message,
        new RegExp(`^Label Studio at ${url} could not be reached .*ECONNREFUSED`),
      );
      return true;
    });
  });
});

describe('Label Studio project title', () => {
  it('is the task name and id when they fit in 50 characters', () => {
    assert.equal(projectTitle('street photos', 12), 'street photos (task 12)');
  });

  it('shortens a long name, keeping the task id, so the same task always gets the same title', () => {
    const name = 'detection over the complete archive of street photos from 2019 to 2024';
    const title = projectTitle(name, 123);
    assert.equal(title, 'detection over the complete archive of… (task 123)');
    assert.equal([...title].length, 50);
    assert.equal(projectTitle(name, 123), title);
  });
});
