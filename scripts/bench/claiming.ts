import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { openMysqlStore, scanFolder } from '@autoannotate/runtime';
import type { ClaimTimes } from './claiming/claim-host';
import { echoOperatorDir } from './support/paths';
import { round, runMain, say, type BenchReport } from './support/report';
import { quantile } from './support/stats';
import { textDataset } from './support/text-dataset';

/**
 * Claiming: N host processes (1, 2, 4, 8) against MariaDB over 2,000 tiny tasks (one text file
 * each, fast stand-in operator). Tasks per second from the first claim signal until the last
 * task is completed; claim latency is each `claimNextTask` call that won a task, timed inside
 * the hosts. Afterwards every task must be completed exactly once.
 *
 *   node scripts/dist/bench/claiming.js [--hosts 1,2,4,8] [--tasks 2000]
 *     [--server mysql://root@127.0.0.1:3306] [--database aa_bench]
 */
const TASKS = 't_dm_auto_annotation_tasks';

interface Round {
  readonly hosts: number;
  readonly tasksPerSecond: number;
  readonly seconds: number;
  readonly claimP50Ms: number;
  readonly claimP99Ms: number;
  readonly claims: number;
  readonly emptyClaims: number;
}

async function freshDatabase(server: string, database: string, tasks: number): Promise<string> {
  const admin = await mysql.createConnection(server);
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const url = `${server}/${database}`;
  const store = openMysqlStore(url, 4);
  try {
    await store.migrate();
    const folder = textDataset(1);
    const dataset = await store.createDataset('claiming bench', folder);
    await store.addDatasetFiles(dataset.id, await scanFolder(folder));
    // Tasks are inserted in bulk: the set-up is not what is measured.
    const db = await mysql.createConnection(url);
    const pipeline = JSON.stringify([{ operator: 'echo-text', params: {} }]);
    const now = Date.now();
    const rows = Array.from({ length: tasks }, (_, i) => [
      `tiny ${i}`,
      dataset.id,
      'echo',
      pipeline,
      'pending',
      now,
      now,
    ]);
    for (let i = 0; i < rows.length; i += 500) {
      await db.query(
        `INSERT INTO ${TASKS} (name, dataset_id, task_type, pipeline, status, created_at, updated_at)
        VALUES ?`,
        [rows.slice(i, i + 500)],
      );
    }
    await db.end();
  } finally {
    await store.close();
  }
  return url;
}

function startHost(
  env: Record<string, string>,
  logFile: string,
): { child: ChildProcess; ready: Promise<void> } {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(__dirname, 'claiming', 'claim-host.js')], {
    env: { ...process.env, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
    stdio: ['pipe', 'pipe', log],
  });
  fs.closeSync(log);
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve, reject) => {
    lines.once('line', (line) =>
      line === 'ready' ? resolve() : reject(new Error(`host said ${line}`)),
    );
    child.once('exit', (code) =>
      reject(new Error(`claim host exited with ${code}; see ${logFile}`)),
    );
  });
  return { child, ready };
}

async function stopHost(child: ChildProcess): Promise<ClaimTimes> {
  const lines = createInterface({ input: child.stdout! });
  const report = once(lines, 'line') as Promise<[string]>;
  child.kill('SIGTERM');
  const [line] = await report;
  return JSON.parse(line) as ClaimTimes;
}

async function runRound(url: string, hosts: number, tasks: number, home: string): Promise<Round> {
  const pluginsFile = path.join(home, 'plugins.json');
  fs.writeFileSync(
    pluginsFile,
    JSON.stringify({
      operators: [{ path: echoOperatorDir }],
      converters: [{ path: echoOperatorDir }],
    }),
  );
  const env = {
    DATABASE_URL: url,
    AUTOANNOTATE_HOME: home,
    PLUGINS_FILE: pluginsFile,
    POLL_INTERVAL_SECONDS: '0.2',
  };
  const started = Array.from({ length: hosts }, (_, i) =>
    startHost(env, path.join(home, `host-${hosts}-${i}.log`)),
  );
  await Promise.all(started.map((h) => h.ready));

  const db = await mysql.createConnection(url);
  try {
    const t0 = performance.now();
    for (const { child } of started) child.stdin!.write('go\n');
    let ended = 0;
    while (ended < tasks) {
      await sleep(20);
      const [found] = await db.query(
        `SELECT count(*) AS n FROM ${TASKS} WHERE status NOT IN ('pending', 'running')`,
      );
      ended = Number((found as Array<{ n: number }>)[0]?.n ?? 0);
    }
    const seconds = (performance.now() - t0) / 1000;
    const times = await Promise.all(started.map(({ child }) => stopHost(child)));
    const [check] =
      await db.query(`SELECT sum(status = 'completed') AS completed, sum(attempts <> 1) AS reclaimed,
      (SELECT count(*) FROM t_dm_annotation_results) AS results FROM ${TASKS}`);
    const { completed, reclaimed, results } = (check as Array<Record<string, number>>)[0] ?? {};
    if (Number(completed) !== tasks || Number(reclaimed) !== 0 || Number(results) !== tasks) {
      throw new Error(
        `${hosts} hosts: ${completed} completed, ${reclaimed} claimed more than once, ${results} results`,
      );
    }
    const won = times.flatMap((t) => t.won);
    return {
      hosts,
      tasksPerSecond: round(tasks / seconds, 1),
      seconds: round(seconds),
      claimP50Ms: round(quantile(won, 0.5)),
      claimP99Ms: round(quantile(won, 0.99)),
      claims: won.length,
      emptyClaims: times.reduce((sum, t) => sum + t.empty.length, 0),
    };
  } finally {
    await db.end();
    for (const { child } of started) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

async function main(): Promise<BenchReport> {
  const { values } = parseArgs({
    options: {
      hosts: { type: 'string', default: '1,2,4,8' },
      tasks: { type: 'string', default: '2000' },
      server: { type: 'string', default: 'mysql://root@127.0.0.1:3306' },
      database: { type: 'string', default: 'aa_bench' },
    },
  });
  const tasks = Number(values.tasks);
  const rounds: Round[] = [];
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-bench-claiming-'));
  try {
    for (const hosts of values.hosts.split(',').map(Number)) {
      const url = await freshDatabase(values.server, values.database, tasks);
      const result = await runRound(url, hosts, tasks, home);
      rounds.push(result);
      say(
        `claiming: ${hosts} hosts, ${tasks} tasks in ${result.seconds} s = ${result.tasksPerSecond} tasks/s, ` +
          `claim p50 ${result.claimP50Ms} ms, p99 ${result.claimP99Ms} ms (${result.emptyClaims} empty claims)`,
      );
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  return { name: 'claiming', figures: { tasks, database: 'MariaDB', rounds } };
}

runMain(main);
