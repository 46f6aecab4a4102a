import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { buildRuntime, configWith, registerFolder, silentLogger } from '@autoannotate/runtime';
import { HostProcess, residentMemory } from './support/host-process';
import { echoOperatorDir } from './support/paths';
import { round, runMain, say, type BenchReport } from './support/report';
import { textDataset } from './support/text-dataset';

/**
 * Peak resident memory of a bare host process over one 20,000-file task (fast stand-in
 * operator): read from /proc (VmHWM) when 2,000 files have results and again at the end. The
 * host reads the dataset in pages, so the two peaks should be about the same.
 *
 *   node scripts/dist/bench/memory.js [--files 20000] [--checkpoint 2000]
 */
async function prepare(home: string, files: number) {
  const pluginsFile = path.join(home, 'plugins.json');
  fs.writeFileSync(
    pluginsFile,
    JSON.stringify({
      operators: [{ path: echoOperatorDir }],
      converters: [{ path: echoOperatorDir }],
    }),
  );
  const sqlitePath = path.join(home, 'bench.sqlite');
  const parts = await buildRuntime(configWith({ home, sqlitePath, pluginsFile }), {
    logger: silentLogger(),
  });
  const { dataset } = await registerFolder(parts.store, textDataset(files), 'memory bench');
  await parts.close();
  return { pluginsFile, sqlitePath, datasetId: dataset.id };
}

async function main(): Promise<BenchReport> {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '20000' },
      checkpoint: { type: 'string', default: '2000' },
    },
  });
  const files = Number(values.files);
  const checkpoint = Number(values.checkpoint);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aa-bench-memory-'));
  const { pluginsFile, sqlitePath, datasetId } = await prepare(home, files);
  const host = new HostProcess(
    {
      AUTOANNOTATE_HOME: home,
      SQLITE_PATH: sqlitePath,
      PLUGINS_FILE: pluginsFile,
      POLL_INTERVAL_SECONDS: '0.2',
    },
    path.join(home, 'host.log'),
  );
  const db = new Database(sqlitePath);
  db.pragma('busy_timeout = 10000');
  try {
    await sleep(1500);
    const idle = residentMemory(host.pid);
    const now = Date.now();
    db.prepare(
      `INSERT INTO t_dm_auto_annotation_tasks (name, dataset_id, task_type, pipeline, status,
      created_at, updated_at) VALUES ('memory bench', ?, 'echo', ?, 'pending', ?, ?)`,
    ).run(datasetId, JSON.stringify([{ operator: 'echo-text', params: {} }]), now, now);
    const results = db.prepare('SELECT count(*) AS n FROM t_dm_annotation_results');
    const status = db.prepare(
      'SELECT status FROM t_dm_auto_annotation_tasks ORDER BY id DESC LIMIT 1',
    );
    let atCheckpoint: number | undefined;
    // Peaks at every tenth of the task too, to tell a plateau from a slow leak.
    const series: Array<[number, number]> = [];
    const started = Date.now();
    for (;;) {
      await sleep(50);
      const done = (results.get() as { n: number }).n;
      if (atCheckpoint === undefined && done >= checkpoint)
        atCheckpoint = residentMemory(host.pid).peak;
      if (done >= (series.length + 1) * (files / 10))
        series.push([done, round(residentMemory(host.pid).peak, 1)]);
      const state = (status.get() as { status: string }).status;
      if (state !== 'pending' && state !== 'running') break;
      if (host.child.exitCode !== null) throw new Error(`host exited early; see ${home}/host.log`);
    }
    const seconds = (Date.now() - started) / 1000;
    const atEnd = residentMemory(host.pid).peak;
    const done = (results.get() as { n: number }).n;
    if (done !== files) throw new Error(`the task ended with ${done} of ${files} results`);
    say(
      `memory: idle host ${idle.rss.toFixed(1)} MiB; peak RSS ${atCheckpoint?.toFixed(1)} MiB at ${checkpoint} ` +
        `files, ${atEnd.toFixed(1)} MiB at ${files} files (${seconds.toFixed(1)} s)`,
    );
    say(`  peak by files done: ${series.map(([n, mib]) => `${n}: ${mib}`).join(', ')}`);
    return {
      name: 'memory',
      figures: {
        files,
        idleRssMiB: round(idle.rss, 1),
        [`peakRssMiBAt${checkpoint}`]: round(atCheckpoint ?? NaN, 1),
        [`peakRssMiBAt${files}`]: round(atEnd, 1),
        growthMiB: round(atEnd - (atCheckpoint ?? NaN), 1),
        seconds: round(seconds, 1),
        peakSeries: series,
      },
    };
  } finally {
    db.close();
    await host.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

runMain(main);
