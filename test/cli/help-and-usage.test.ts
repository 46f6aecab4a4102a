import assert from 'node:assert/strict';
import { makeCliHome } from './support/cli-home';

const COMMANDS = [
  ['host'],
  ['datasets', 'add'],
  ['datasets', 'list'],
  ['models', 'add'],
  ['models', 'list'],
  ['submit'],
  ['status'],
  ['stop'],
  ['export'],
  ['plugins', 'list'],
  ['plugins', 'check'],
];

describe('autoannotate help and usage errors', () => {
  it('prints --help with exit 0 for every command, each offering --json', async () => {
    const cli = makeCliHome();
    for (const command of COMMANDS) {
      const result = await cli.run([...command, '--help']);
      assert.equal(result.code, 0, command.join(' '));
      assert.match(
        result.stdout,
        new RegExp(`^Usage: autoannotate ${command.join(' ')}`),
        command.join(' '),
      );
      assert.match(result.stdout, /--json/, `${command.join(' ')} has --json`);
    }
  });

  it('lists the commands and the exit codes in the top-level help', async () => {
    const result = await makeCliHome().run(['--help']);
    assert.equal(result.code, 0);
    for (const name of [
      'host',
      'datasets',
      'models',
      'submit',
      'status',
      'stop',
      'export',
      'plugins',
    ]) {
      assert.match(result.stdout, new RegExp(`^  ${name} `, 'm'));
    }
    assert.match(result.stdout, /^ {2}130 {2}interrupted while following a task/m);
  });

  it('prints the package version', async () => {
    const result = await makeCliHome().run(['--version']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('answers an unknown option with exit 2 and one AA_USAGE line on stderr', async () => {
    const result = await makeCliHome().run(['status', '--colour']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, "error AA_USAGE: unknown option '--colour' (see --help)\n");
  });

  it('answers a task id that is not a number with exit 2', async () => {
    const result = await makeCliHome().run(['stop', 'latest']);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^error AA_USAGE: .*"latest" is not a positive whole number \(see --help\)\n$/,
    );
  });

  it('answers an unknown command with exit 2', async () => {
    const result = await makeCliHome().run(['statuss']);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^error AA_USAGE: unknown command 'statuss' \(Did you mean status\?\) \(see --help\)\n$/,
    );
  });
});
