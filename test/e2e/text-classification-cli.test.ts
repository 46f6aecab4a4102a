import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { openSqliteStore, type ChoicesResult, type LabelStudioTask } from '@autoannotate/runtime';
import { repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/temp';

/**
 * Runs the README's "A run against the stand-in endpoint" commands as written (only the port,
 * the `npx autoannotate` launcher and the scripts' folder are made absolute), then checks
 * what they left in the database and the export.
 */
function readmeCommands(): string[] {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('**A run against the stand-in endpoint.**');
  assert.ok(start >= 0, 'README has lost its stand-in walkthrough');
  const block = readme.slice(start).split('\n\n')[1]!;
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('text classification from the README command line', () => {
  let standIn: ChildProcess | undefined;
  after(() => standIn?.kill('SIGTERM'));

  it('annotates 200 reviews through the stand-in endpoint with exact counts, results and config', async () => {
    const home = tempDir('aa-readme-');
    const port = await freePort();
    const cli = `node ${path.join(repoRoot, 'runtime', 'dist', 'cli', 'main.js')}`;
    const env: Record<string, string | undefined> = {
      ...process.env,
      AUTOANNOTATE_HOME: home,
      PLUGINS_FILE: path.join(repoRoot, 'plugins.json'),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    };
    const commands = readmeCommands().map((line) =>
      line
        .replaceAll('8011', String(port))
        .replaceAll('npx autoannotate', cli)
        .replaceAll('node scripts/dist/', `node ${path.join(repoRoot, 'scripts', 'dist')}/`),
    );
    assert.equal(commands.length, 9);

    const outputs: string[] = [];
    for (const command of commands) {
      const assignment = /^export (\w+)=(\S+)$/.exec(command);
      if (assignment) {
        env[assignment[1]!] = assignment[2]!;
        continue;
      }
      if (command.endsWith('&')) {
        standIn = spawn('bash', ['-c', `exec ${command.slice(0, -1)}`], {
          cwd: home,
          env,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        await new Promise<void>((resolve) => standIn!.stdout!.once('data', () => resolve()));
        continue;
      }
      outputs.push(
        execFileSync('bash', ['-c', command], {
          cwd: home,
          env,
          encoding: 'utf8',
          timeout: 120_000,
        }),
      );
    }
    assert.match(outputs.at(-2)!, /completed/);

    const store = openSqliteStore(path.join(home, env.SQLITE_PATH ?? 'var/autoannotate.sqlite'));
    try {
      const task = await store.getTask(1);
      assert.equal(task?.status, 'completed');
      assert.deepEqual(
        [task?.totalImages, task?.processedImages, task?.failedImages, task?.detectedObjects],
        [200, 200, 0, 200],
      );
      const project = await store.getProjectForTask(1);
      assert.equal(await store.countResults(project!.id), 200);
      assert.match(project!.configuration, /<Choices name="label" toName="text" choice="single">/);
      assert.match(
        project!.configuration,
        /<Choice value="positive"\/>\s*<Choice value="negative"\/>/,
      );
    } finally {
      await store.close();
    }

    const exported = JSON.parse(
      fs.readFileSync(path.join(home, 'exports', 'task-1.tasks.json'), 'utf8'),
    ) as LabelStudioTask[];
    assert.equal(exported.length, 200);
    for (const lsTask of exported) {
      const review = Number(/^Review (\d+)\./.exec(String(lsTask.data.text))![1]);
      const choice = lsTask.predictions[0]!.result[0] as ChoicesResult;
      assert.deepEqual(
        choice.value.choices,
        [review % 3 === 0 ? 'negative' : 'positive'],
        `review ${review}`,
      );
      assert.equal(typeof choice.id, 'string');
    }
  });
});
