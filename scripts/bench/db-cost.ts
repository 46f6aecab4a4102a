import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { benchRuntime } from './support/bench-runtime';
import { echoOperatorDir } from './support/paths';
import { round, runMain, say, type BenchReport } from './support/report';
import { textDataset } from './support/text-dataset';
import { WriteCounter } from './support/write-counter';

/**
 * What a task costs its database: writes to the task row and to the results table for tasks of
 * 1,000 and 10,000 files with the fast stand-in operator, progress interval 2 s and 0. Writes
 * are counted by SQLite triggers (every INSERT or UPDATE that lands) and split with the run's
 * own events (progress and heartbeat written); on SQLite every result transaction also locks
 * the task row with an update that changes nothing, counted apart.
 *
 *   node scripts/dist/bench/db-cost.js [--sizes 1000,10000] [--intervals 2,0]
 */
interface Case {
  readonly files: number;
  readonly intervalSeconds: number;
  readonly seconds: number;
  readonly taskRowWrites: number;
  /** Task-row updates that changed nothing (the lock each result write takes on SQLite). */
  readonly taskRowLockOnly: number;
  readonly resultWrites: number;
  readonly progressEvents: number;
  readonly heartbeatEvents: number;
  /** Progress writes allowed: (duration / interval) + the run's first write + the first file's + 1. */
  readonly progressBound: number | null;
}

async function runCase(files: number, intervalSeconds: number): Promise<Case> {
  const runtime = await benchRuntime([{ path: echoOperatorDir }], {
    progressIntervalSeconds: intervalSeconds,
  });
  try {
    await runtime.submit(textDataset(files), 'echo', [{ operator: 'echo-text', params: {} }]);
    const counter = new WriteCounter(runtime.sqlitePath);
    counter.install();
    let progressEvents = 0;
    let heartbeatEvents = 0;
    runtime.parts.events.on('progress:written', () => {
      progressEvents += 1;
    });
    runtime.parts.events.on('heartbeat:written', () => {
      heartbeatEvents += 1;
    });
    const started = performance.now();
    await runtime.host.runUntilIdle();
    const seconds = (performance.now() - started) / 1000;
    const writes = counter.read();
    const bound = intervalSeconds > 0 ? Math.floor(seconds / intervalSeconds) + 3 : null;
    return {
      files,
      intervalSeconds,
      seconds: round(seconds),
      taskRowWrites: writes.taskRow,
      taskRowLockOnly: writes.taskRowLockOnly,
      resultWrites: writes.results,
      progressEvents,
      heartbeatEvents,
      progressBound: bound,
    };
  } finally {
    await runtime.close();
  }
}

function describeCase(c: Case): string {
  const bound = c.progressBound === null ? '' : ` (bound ${c.progressBound})`;
  return (
    `db-cost: ${c.files} files, interval ${c.intervalSeconds} s: ${c.seconds} s; ` +
    `task row writes ${c.taskRowWrites} = progress ${c.progressEvents}${bound} + ` +
    `heartbeats ${c.heartbeatEvents} + claim and final 2 + ` +
    `result-transaction locks ${c.taskRowLockOnly}; result rows written ${c.resultWrites}`
  );
}

async function main(): Promise<BenchReport> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000' },
      intervals: { type: 'string', default: '2,0' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const intervals = values.intervals.split(',').map(Number);
  const cases: Case[] = [];
  const reductions: Record<string, number> = {};
  for (const files of sizes) {
    for (const interval of intervals) {
      const result = await runCase(files, interval);
      cases.push(result);
      say(describeCase(result));
    }
    const of = (interval: number) =>
      cases.find((c) => c.files === files && c.intervalSeconds === interval);
    const throttled = of(Math.max(...intervals));
    const every = of(0);
    if (throttled && every && every.taskRowWrites > 0) {
      reductions[String(files)] = round(
        100 * (1 - throttled.taskRowWrites / every.taskRowWrites),
        1,
      );
      say(
        `  ${files} files: task row writes down ${reductions[String(files)]} % with interval ` +
          `${throttled.intervalSeconds} s against 0`,
      );
    }
  }
  return {
    name: 'db-cost',
    figures: { cases, taskRowReductionPercent: reductions, counting: 'sqlite triggers' },
  };
}

runMain(main);
