import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChaosProbe, createChaosDatabase, seedTasks, type Verdict } from './chaos/chaos-db';
import { percentile, seconds, type Orphan } from './chaos/figures';
import { HostFleet } from './chaos/host-fleet';
import { between, readOptions, seededRandom, type ChaosOptions } from './chaos/options';

/**
 * Chaos run for the MySQL store: N host processes share one MariaDB/MySQL database and M tasks
 * while hosts are killed with SIGKILL at random and started again. At the end every task must be
 * ended, no result lost or written twice, and every stored count true. Exits 1 otherwise.
 *
 *   node scripts/dist/chaos-hosts.js [--hosts 4] [--tasks 200] [--files 20] [--seed N] [--help]
 */
const out = (line = '') => process.stdout.write(`${line}\n`);
const TICK_MS = 100;
const whole = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms));

/** What the watch loop saw, apart from the database's own figures. */
interface Watch {
  readonly orphans: Orphan[];
  kills: number;
  ended: boolean;
}

function prepareHome(
  root: string,
  files: number,
): { home: string; folder: string; pluginsFile: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-chaos-'));
  const folder = path.join(home, 'files');
  fs.mkdirSync(folder);
  for (let i = 1; i <= files; i++) {
    fs.writeFileSync(path.join(folder, `${String(i).padStart(5, '0')}.txt`), `file ${i}`);
  }
  const echo = { path: path.join(root, 'test', 'fixtures', 'operators', 'echo-text') };
  const pluginsFile = path.join(home, 'plugins.json');
  fs.writeFileSync(pluginsFile, JSON.stringify({ operators: [echo], converters: [echo] }));
  return { home, folder, pluginsFile };
}

async function watch(
  options: ChaosOptions,
  fleet: HostFleet,
  probe: ChaosProbe,
  taskIds: number[],
): Promise<Watch> {
  const random = seededRandom(options.seed);
  const state: Watch = { orphans: [], kills: 0, ended: false };
  const restarts: Array<{ index: number; at: number }> = [];
  const deadline = performance.now() + options.timeoutSeconds * 1000;
  let nextKill = performance.now() + between(random, options.killGapMs);
  let lastReport = performance.now();

  while (performance.now() < deadline) {
    const now = performance.now();
    const tasks = await probe.tasks(taskIds);
    const open = tasks.filter((t) => t.status === 'pending' || t.status === 'running').length;
    if (open === 0) {
      state.ended = true;
      return state;
    }

    // Kill a random live host; the tasks it left running are watched until others take them.
    const live = fleet.live();
    if (now >= nextKill && live.length > 0) {
      const victim = live[Math.floor(random() * live.length)]!;
      await fleet.kill(victim.index);
      const killedAt = performance.now();
      state.kills += 1;
      for (const taskId of await probe.runningOn(victim.hostId)) {
        state.orphans.push({ taskId, deadHost: victim.hostId, killedAt });
      }
      restarts.push({ index: victim.index, at: killedAt + between(random, options.restartMs) });
      nextKill = killedAt + between(random, options.killGapMs);
    }
    for (const due of restarts.filter((r) => r.at <= now)) {
      restarts.splice(restarts.indexOf(due), 1);
      fleet.restart(due.index);
    }

    const watched = state.orphans.filter((o) => o.resumedAt === undefined);
    const rows = new Map((await probe.tasks(watched.map((o) => o.taskId))).map((t) => [t.id, t]));
    const seenAt = performance.now();
    for (const orphan of watched) {
      const row = rows.get(orphan.taskId);
      if (!row) continue;
      const ended = row.status !== 'pending' && row.status !== 'running';
      if (row.status !== 'running' || row.hostId !== orphan.deadHost) orphan.releasedAt ??= seenAt;
      if (ended || (row.status === 'running' && row.hostId !== orphan.deadHost))
        orphan.resumedAt = seenAt;
    }

    if (now - lastReport > 5000) {
      lastReport = now;
      out(
        `  ${((now - (deadline - options.timeoutSeconds * 1000)) / 1000).toFixed(0)} s: ` +
          `${taskIds.length - open}/${taskIds.length} tasks ended, ${state.kills} kills`,
      );
    }
    await sleep(TICK_MS);
  }
  return state;
}

function report(
  options: ChaosOptions,
  verdict: Verdict,
  state: Watch,
  fleet: HostFleet,
  ms: number,
): boolean {
  const released = state.orphans.flatMap((o) =>
    o.releasedAt === undefined ? [] : [o.releasedAt - o.killedAt],
  );
  const resumed = state.orphans.flatMap((o) =>
    o.resumedAt === undefined ? [] : [o.resumedAt - o.killedAt],
  );
  const notEnded = (verdict.byStatus.pending ?? 0) + (verdict.byStatus.running ?? 0);
  const duplicated = verdict.duplicateRows + verdict.rewrittenResults;
  const passed =
    state.ended &&
    notEnded === 0 &&
    verdict.lostResults === 0 &&
    duplicated === 0 &&
    verdict.countMismatches === 0;

  out();
  out(`tasks completed:       ${verdict.byStatus.completed ?? 0}`);
  out(`tasks failed:          ${verdict.byStatus.failed ?? 0}`);
  out(`tasks not ended:       ${notEnded}`);
  out(
    `result rows:           ${verdict.expectedResults} expected, ${verdict.foundResults} found, ` +
      `${verdict.lostResults} lost`,
  );
  out(
    `duplicated:            ${verdict.duplicateRows} duplicate rows, ` +
      `${verdict.rewrittenResults} results written twice`,
  );
  out(`count mismatches:      ${verdict.countMismatches}`);
  out(
    `kills:                 ${state.kills} (host processes started: ${fleet.starts}), tasks orphaned: ` +
      `${state.orphans.length}`,
  );
  out(
    `kill -> recovered:     p50 ${seconds(percentile(released, 0.5))}, max ${seconds(percentile(released, 1))} ` +
      `(${released.length} tasks; heartbeat timeout ${options.heartbeatTimeoutSeconds} s)`,
  );
  out(
    `kill -> running again: p50 ${seconds(percentile(resumed, 0.5))}, max ${seconds(percentile(resumed, 1))}`,
  );
  out(`host error lines:      ${fleet.errorLines}`);
  out(`time:                  ${seconds(ms)}`);
  out(`verdict:               ${passed ? 'PASS' : 'FAIL'}`);
  out(
    JSON.stringify({
      hosts: options.hosts,
      tasks: options.tasks,
      filesPerTask: options.files,
      seed: options.seed,
      completed: verdict.byStatus.completed ?? 0,
      failed: verdict.byStatus.failed ?? 0,
      notEnded,
      expectedResults: verdict.expectedResults,
      foundResults: verdict.foundResults,
      lost: verdict.lostResults,
      duplicateRows: verdict.duplicateRows,
      rewrittenResults: verdict.rewrittenResults,
      countMismatches: verdict.countMismatches,
      kills: state.kills,
      orphaned: state.orphans.length,
      recoveryP50Ms: whole(percentile(released, 0.5)),
      recoveryMaxMs: whole(percentile(released, 1)),
      resumeP50Ms: whole(percentile(resumed, 0.5)),
      resumeMaxMs: whole(percentile(resumed, 1)),
      seconds: Math.round(ms / 100) / 10,
      passed,
    }),
  );
  return passed;
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2), process.env);
  const root = path.resolve(__dirname, '..', '..');
  const { home, folder, pluginsFile } = prepareHome(root, options.files);
  const database = await createChaosDatabase(options.mysqlUrl);
  out(
    `chaos: ${options.hosts} hosts, ${options.tasks} tasks x ${options.files} files, seed ${options.seed}, ` +
      `database ${database.name}`,
  );
  const fleet = new HostFleet(
    root,
    {
      DATABASE_URL: database.url,
      PLUGINS_FILE: pluginsFile,
      AUTOANNOTATE_HOME: home,
      TASK_WORKERS: '2',
      FILE_WORKERS: '2',
      HEARTBEAT_INTERVAL_SECONDS: String(Math.min(1, options.heartbeatTimeoutSeconds / 6)),
      HEARTBEAT_TIMEOUT_SECONDS: String(options.heartbeatTimeoutSeconds),
      RECOVERY_INTERVAL_SECONDS: '1',
      POLL_INTERVAL_SECONDS: '0.2',
      AUTO_ANNOTATION_PROGRESS_INTERVAL: '1',
      MAX_TASK_ATTEMPTS: String(options.maxAttempts),
      DRAIN_TIMEOUT_SECONDS: '10',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    },
    options.hosts,
  );
  const probe = await ChaosProbe.open(database.url);
  try {
    const taskIds = await seedTasks(database.url, folder, options.tasks, options.delayMs);
    const started = performance.now();
    fleet.startAll();
    const state = await watch(options, fleet, probe, taskIds);
    const ms = performance.now() - started;
    await fleet.stopAll();
    return report(options, await probe.verdict(options.files), state, fleet, ms) ? 0 : 1;
  } finally {
    await fleet.stopAll();
    await probe.close();
    if (options.keep) out(`database kept: ${database.name}`);
    else await database.drop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `chaos run failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
