import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../helpers/paths';
import { makeCliHome, parseJson } from './support/cli-home';

describe('autoannotate plugins', () => {
  it('lists the operators and converters of the manifest', async () => {
    const cli = makeCliHome();
    const result = await cli.run(['plugins', 'list']);
    const fixture = path.join(fixturesDir, 'operators', 'echo-text');

    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        `manifest ${path.join(cli.home, 'plugins.json')}`,
        '',
        'operators:',
        `  NAME       VERSION  READS  DESCRIPTION                                       FROM`,
        `  echo-text  1.0.0    text   Labels a text file long or short (test fixture).  ${fixture}`,
        '',
        'converters:',
        `  TASK TYPE  NAME                 VERSION  FROM`,
        `  echo       echo-text-converter  1.0.0    ${fixture}`,
        '',
      ].join('\n'),
    );
    const json = parseJson<{
      operators: Array<Record<string, unknown>>;
      converters: Array<Record<string, unknown>>;
    }>(await cli.run(['plugins', 'list', '--json']));
    assert.deepEqual(
      json.operators.map((o) => [o.name, o.version, o.inputKinds]),
      [['echo-text', '1.0.0', ['text']]],
    );
    assert.deepEqual(
      json.converters.map((c) => [c.taskType, c.name]),
      [['echo', 'echo-text-converter']],
    );
  });

  it('checks the manifest without opening the database', async () => {
    const cli = makeCliHome();
    const result = await cli.run(['plugins', 'check']);
    assert.equal(result.code, 0);
    assert.equal(
      result.stdout,
      `${path.join(cli.home, 'plugins.json')} is valid: 1 operator(s) (echo-text), 1 converter(s) for task types echo\n`,
    );
    assert.ok(!fs.existsSync(cli.sqlitePath));
  });

  it('fails the check with exit 4 naming a plugin whose export is missing', async () => {
    const broken = { path: path.join(fixturesDir, 'operators', 'missing-export') };
    const cli = makeCliHome({ operators: [broken] });
    const result = await cli.run(['plugins', 'check', '--json']);

    assert.equal(result.code, 4);
    assert.match(
      result.stderr,
      /^error AA_PLUGIN_EXPORT_MISSING: plugin ".*missing-export" \(.*index\.js, listed in .*plugins\.json\): no export "operator"/,
    );
    assert.equal(
      parseJson<{ error: { code: string } }>(result).error.code,
      'AA_PLUGIN_EXPORT_MISSING',
    );
  });

  it('fails with exit 4 when the manifest is not valid JSON', async () => {
    const cli = makeCliHome();
    fs.writeFileSync(path.join(cli.home, 'plugins.json'), '{"operators": [');
    const list = await cli.run(['plugins', 'list']);
    assert.equal(list.code, 4);
    assert.match(list.stderr, /^error AA_MANIFEST_INVALID: .*plugins\.json: not valid JSON/);
  });
});
