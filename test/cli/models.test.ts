import assert from 'node:assert/strict';
import { makeCliHome, parseJson } from './support/cli-home';

const SECRET = 'sk-test-5f1c9a0b7e2d4c8a9b3e';

describe('autoannotate models', () => {
  it('stores the key read from the named variable and never prints it', async () => {
    const cli = makeCliHome();
    const added = await cli.run(
      [
        'models',
        'add',
        '--id',
        'qwen',
        '--base-url',
        'http://127.0.0.1:8000/v1',
        '--model',
        'qwen2.5-7b',
        '--api-key-env',
        'QWEN_KEY',
        '--options',
        '{"timeoutMs": 30000}',
      ],
      { QWEN_KEY: SECRET },
    );
    const human = await cli.run(['models', 'list']);
    const json = await cli.run(['models', 'list', '--json']);

    assert.equal(added.code, 0, added.stderr);
    assert.equal(
      added.stdout,
      'model config "qwen" added: qwen2.5-7b at http://127.0.0.1:8000/v1, enabled, key stored (not shown)\n',
    );
    assert.equal(
      human.stdout,
      [
        'ID    MODEL       BASE URL                  ENABLED  KEY  OPTIONS',
        'qwen  qwen2.5-7b  http://127.0.0.1:8000/v1  yes      set  {"timeoutMs":30000}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(parseJson<{ models: unknown[] }>(json).models, [
      {
        modelId: 'qwen',
        modelName: 'qwen2.5-7b',
        baseUrl: 'http://127.0.0.1:8000/v1',
        options: { timeoutMs: 30000 },
        enabled: true,
        apiKeySet: true,
      },
    ]);
    for (const output of [added, human, json]) {
      assert.ok(
        !output.stdout.includes(SECRET) && !output.stderr.includes(SECRET),
        'the key is never printed',
      );
    }
    const store = cli.openStore();
    try {
      assert.equal((await store.getModelConfig('qwen'))?.apiKey, SECRET);
    } finally {
      await store.close();
    }
  });

  it('replaces a config of the same id and can store it disabled', async () => {
    const cli = makeCliHome();
    const base = [
      'models',
      'add',
      '--id',
      'm1',
      '--base-url',
      'http://127.0.0.1:9/v1',
      '--api-key',
      SECRET,
    ];
    await cli.run([...base, '--model', 'first']);
    const result = await cli.run([...base, '--model', 'second', '--disabled', '--json']);

    assert.equal(result.code, 0);
    const json = parseJson<{ modelName: string; enabled: boolean; replaced: boolean }>(result);
    assert.deepEqual([json.modelName, json.enabled, json.replaced], ['second', false, true]);
    assert.ok(!result.stdout.includes(SECRET));
  });

  it('names the key variable with exit 2 when it is not set', async () => {
    const result = await makeCliHome().run([
      'models',
      'add',
      '--id',
      'm',
      '--base-url',
      'http://h/v1',
      '--model',
      'x',
      '--api-key-env',
      'NOT_SET_ANYWHERE',
    ]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'error AA_CONFIG_INVALID: environment variable NOT_SET_ANYWHERE is not set (it should hold the secret)\n',
    );
  });

  it('refuses a call without a key, a bad URL or options that are not a JSON object, with exit 2', async () => {
    const cli = makeCliHome();
    const base = ['models', 'add', '--id', 'm', '--model', 'x'];
    const noKey = await cli.run([...base, '--base-url', 'http://h/v1']);
    const badUrl = await cli.run([...base, '--base-url', 'localhost:8000', '--api-key', 'k']);
    const badOptions = await cli.run([
      ...base,
      '--base-url',
      'http://h/v1',
      '--api-key',
      'k',
      '--options',
      '[1]',
    ]);
    const bothKeys = await cli.run([
      ...base,
      '--base-url',
      'http://h/v1',
      '--api-key',
      'k',
      '--api-key-env',
      'K',
    ]);

    assert.deepEqual([noKey.code, badUrl.code, badOptions.code, bothKeys.code], [2, 2, 2, 2]);
    assert.match(noKey.stderr, /^error AA_USAGE: give the key with --api-key-env VAR/);
    assert.match(
      badUrl.stderr,
      /^error AA_USAGE: --base-url "localhost:8000" is not an http\(s\) URL\n$/,
    );
    assert.match(badOptions.stderr, /^error AA_USAGE: .*must be a JSON object/);
    assert.match(
      bothKeys.stderr,
      /^error AA_USAGE: option '--api-key-env <VAR>' cannot be used with option '--api-key <key>'/,
    );
  });
});
