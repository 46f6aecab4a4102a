import 'reflect-metadata';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { StandInProcess } from './llm/stand-in-process';
import { benchRuntime } from './support/bench-runtime';
import { repoRoot } from './support/paths';
import { round, runMain, say, type BenchReport } from './support/report';
import { textDataset } from './support/text-dataset';

/**
 * LLM throughput: a text-classification task through the whole host against a stand-in
 * OpenAI-compatible server with a fixed latency, for several limits of calls in flight (the
 * model config's maxConcurrency, with as many file workers). Ideal = in flight / latency.
 *
 *   node scripts/dist/bench/llm.js [--limits 1,8,32] [--latency-ms 200] [--rounds 25]
 */
const classifierDir = path.join(repoRoot, 'operators', 'llm-text-classification');

interface Case {
  readonly inFlight: number;
  readonly files: number;
  readonly filesPerSecond: number;
  readonly steadyFilesPerSecond: number;
  readonly idealFilesPerSecond: number;
  readonly ofIdeal: number;
  readonly maxInFlightSeen: number;
}

async function runCase(
  server: StandInProcess,
  inFlight: number,
  files: number,
  latencyMs: number,
): Promise<Case> {
  const runtime = await benchRuntime([{ path: classifierDir }], { fileWorkers: inFlight });
  try {
    const modelId = `bench-${inFlight}`;
    await runtime.parts.store.upsertModelConfig({
      modelId,
      baseUrl: server.baseUrl,
      apiKey: 'sk-bench',
      modelName: 'bench-chat',
      enabled: true,
      options: { maxConcurrency: inFlight, maxRetries: 0, timeoutMs: 10_000 },
    });
    const task = await runtime.submit(textDataset(files), 'text-classification', [
      {
        operator: 'llm-text-classification',
        params: { modelId, labels: ['positive', 'negative'] },
      },
    ]);
    server.reset();
    const done: number[] = [];
    runtime.parts.events.on('file:done', () => done.push(performance.now()));
    const started = performance.now();
    await runtime.host.runUntilIdle();
    const seconds = (performance.now() - started) / 1000;
    const finished = await runtime.parts.store.getTask(task.id);
    if (finished?.status !== 'completed' || finished.failedImages > 0) {
      throw new Error(
        `in flight ${inFlight}: task ended ${finished?.status}, ${finished?.failedImages} files failed ` +
          `${finished?.errorMessage ?? ''}`,
      );
    }
    const ideal = inFlight / (latencyMs / 1000);
    // Files finish in waves of `inFlight`: measure from the end of the first wave to the last.
    const firstWave = done[inFlight - 1] ?? started;
    const last = done[done.length - 1] ?? started;
    return {
      inFlight,
      files,
      filesPerSecond: round(files / seconds, 1),
      steadyFilesPerSecond: round((done.length - inFlight) / ((last - firstWave) / 1000), 1),
      idealFilesPerSecond: round(ideal, 1),
      ofIdeal: round(files / seconds / ideal),
      maxInFlightSeen: (await server.stats()).maxInFlight,
    };
  } finally {
    await runtime.close();
  }
}

async function main(): Promise<BenchReport> {
  const { values } = parseArgs({
    options: {
      limits: { type: 'string', default: '1,8,32' },
      'latency-ms': { type: 'string', default: '200' },
      rounds: { type: 'string', default: '25' },
    },
  });
  const latencyMs = Number(values['latency-ms']);
  const server = await StandInProcess.start(latencyMs, { label: 'positive' });
  const cases: Case[] = [];
  try {
    for (const inFlight of values.limits.split(',').map(Number)) {
      const result = await runCase(server, inFlight, inFlight * Number(values.rounds), latencyMs);
      cases.push(result);
      say(
        `llm: in flight ${inFlight}: ${result.files} files, ${result.filesPerSecond} files/s ` +
          `(steady ${result.steadyFilesPerSecond}) vs ideal ${result.idealFilesPerSecond} = ${result.ofIdeal}; ` +
          `server saw at most ${result.maxInFlightSeen} at once`,
      );
    }
  } finally {
    await server.stop();
  }
  return { name: 'llm', figures: { latencyMs, cases } };
}

runMain(main);
