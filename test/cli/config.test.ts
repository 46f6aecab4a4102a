import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeCliHome, parseJson } from './support/cli-home';

describe('autoannotate configuration', () => {
  const badValues: Array<[string, string, RegExp]> = [
    ['TASK_WORKERS', '0', /TASK_WORKERS="0": Too small/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud": Invalid option/],
    ['METRICS_PORT', '70000', /METRICS_PORT="70000": Too big/],
    ['LABEL_STUDIO_URL', 'not a url', /LABEL_STUDIO_URL="not a url": Invalid URL/],
    [
      'DATABASE_URL',
      'postgres://db/x',
      /DATABASE_URL="postgres:\/\/db\/x": must start with mysql:\/\//,
    ],
  ];
  for (const [name, value, message] of badValues) {
    it(`stops with exit 2 and a message naming ${name} when it is ${JSON.stringify(value)}`, async () => {
      const result = await makeCliHome().run(['status'], { [name]: value });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^error AA_CONFIG_INVALID: invalid configuration: /);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.split('\n').length, 2, 'one line, no stack');
    });
  }

  it('stops the host before claiming anything when a variable is bad', async () => {
    const cli = makeCliHome();
    const result = await cli.run(['host', '--once'], { DRAIN_TIMEOUT_SECONDS: '-1' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /DRAIN_TIMEOUT_SECONDS="-1"/);
    assert.ok(!fs.existsSync(cli.sqlitePath), 'no database was opened');
  });

  it('reads variables from a .env file in the current folder and names a bad one', async () => {
    const cli = makeCliHome();
    fs.writeFileSync(path.join(cli.home, '.env'), 'FILE_WORKERS=many\n');
    const result = await cli.run(['status']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /FILE_WORKERS="many"/);
  });

  it('lets the environment win over .env', async () => {
    const cli = makeCliHome();
    fs.writeFileSync(path.join(cli.home, '.env'), 'PLUGINS_FILE=missing.json\n');
    const fromEnv = await cli.run(['plugins', 'check', '--json']);
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.equal(
      parseJson<{ manifest: string }>(fromEnv).manifest,
      path.join(cli.home, 'plugins.json'),
    );

    const fromDotenv = await cli.run(['plugins', 'check'], { PLUGINS_FILE: undefined });
    assert.equal(fromDotenv.code, 4);
    assert.match(fromDotenv.stderr, /missing\.json: cannot read the plugin manifest/);
  });

  it('shows --help even when a variable is bad', async () => {
    const result = await makeCliHome().run(['submit', '--help'], { TASK_WORKERS: 'x' });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /--pipeline-file <file>/);
  });

  it('prints the stack of an error only when LOG_LEVEL is debug', async () => {
    const cli = makeCliHome();
    const quiet = await cli.run(['status', '42']);
    assert.equal(quiet.stderr, 'error AA_NOT_FOUND: task 42 does not exist\n');
    const debug = await cli.run(['status', '42'], { LOG_LEVEL: 'debug' });
    assert.equal(debug.code, 3);
    assert.match(
      debug.stderr,
      /^error AA_NOT_FOUND: task 42 does not exist\nNotFoundError: task 42 does not exist\n {4}at /m,
    );
  });
});
