import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { imageSet } from './detection/image-set';
import type { LimitJob, LimitResult } from './detection/limit-thread';
import { runPeer, type PeerResult } from './detection/peer';
import { benchRuntime, type BenchRuntime } from './support/bench-runtime';
import { repoRoot, sharedModelPath } from './support/paths';
import { round, runMain, say, type BenchReport } from './support/report';
import { mean, median } from './support/stats';

/**
 * Detection throughput over at least 500 real photos, three ways in one run:
 * - host: the whole runtime (SQLite, claim, pool, decode, inference, boxes, conversion, writes),
 *   a first task after the host starts, then `rounds` next tasks with the inference threads warm;
 * - limit: one thread of decode + resize + session.run in a tight loop, times the cores, run
 *   before, between and after the host tasks; each task is set against the runs beside it;
 * - peer: the serial Python/OpenCV loop of ../shared/peers over the same files.
 *
 *   node scripts/dist/bench/detection.js [--images 1080] [--rounds 4] [--threads N]
 *     [--file-workers N] [--peer-threads N] [--no-peer] [--no-parallel-limit]
 */
const INPUT_NAME = 'input.1';
const INPUT_SIZE = 352;
const detectorDir = path.join(repoRoot, 'operators', 'object-detection');
/**
 * The one-thread limit runs over every second photo (the same mix of sizes: the set repeats
 * seven scales, and 2 and 7 share no factor), so that a limit run takes about as long as a host
 * task and the runs on either side of a task stay close to it in time.
 */
const LIMIT_STRIDE = 2;

function runLimit(files: string[], threads: number): Promise<LimitResult[]> {
  const job = (share: string[]): LimitJob => ({
    files: share,
    modelPath: sharedModelPath,
    inputName: INPUT_NAME,
    size: INPUT_SIZE,
    warmup: 5,
  });
  // Each thread takes every n-th file, so all threads see the same mix of sizes.
  const shares = Array.from({ length: threads }, (_, t) =>
    files.filter((_, i) => i % threads === t),
  );
  return Promise.all(
    shares.map(
      (share) =>
        new Promise<LimitResult>((resolve, reject) => {
          const worker = new Worker(path.join(__dirname, 'detection', 'limit-thread.js'), {
            workerData: job(share),
          });
          worker.once('message', (result: LimitResult) => {
            resolve(result);
            void worker.terminate();
          });
          worker.once('error', reject);
        }),
    ),
  );
}

function imagesPerSecond(results: LimitResult[]): number {
  // Threads run side by side: the slowest one decides the wall time.
  const images = results.reduce((sum, r) => sum + r.images, 0);
  return images / Math.max(...results.map((r) => r.seconds));
}

interface HostRun {
  readonly images: number;
  readonly seconds: number;
  readonly imagesPerSecond: number;
  readonly steadyImagesPerSecond: number;
  readonly cpuMsPerImage: number;
  readonly coresUsed: number;
  readonly detections: number;
}

/** One detection task over the folder, from claim to final write. */
async function timeTask(
  runtime: BenchRuntime,
  dir: string,
  params: Record<string, unknown>,
): Promise<HostRun> {
  const task = await runtime.submit(dir, 'object-detection', [
    { operator: 'object-detection', params },
  ]);
  const done: number[] = [];
  const onDone = () => done.push(performance.now());
  runtime.parts.events.on('file:done', onDone);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await runtime.host.runUntilIdle();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  runtime.parts.events.off('file:done', onDone);
  const finished = await runtime.parts.store.getTask(task.id);
  if (finished?.status !== 'completed' || finished.failedImages > 0) {
    throw new Error(
      `detection task ended ${finished?.status} with ${finished?.failedImages} failed files: ` +
        `${finished?.errorMessage ?? ''}`,
    );
  }
  const first = done[0] ?? started;
  const last = done[done.length - 1] ?? started;
  return {
    images: finished.processedImages,
    seconds,
    imagesPerSecond: finished.processedImages / seconds,
    steadyImagesPerSecond: (done.length - 1) / ((last - first) / 1000),
    cpuMsPerImage: (used.user + used.system) / 1000 / finished.processedImages,
    coresUsed: (used.user + used.system) / 1e6 / seconds,
    detections: finished.detectedObjects,
  };
}

/** One-thread limit runs and host tasks, in the order they ran. */
interface Interleaved {
  readonly limits: LimitResult[][];
  readonly cold: HostRun;
  readonly warm: HostRun[];
}

/**
 * Host tasks between one-thread limit runs: limit, first task after start, limit, then
 * `rounds` times next task and limit. All tasks run on one host, so every task after the first
 * finds the inference threads of the one before waiting, as on a long-running host. Each task
 * is compared with the limit runs just before and just after it: on this shared virtual machine
 * the speed of a core drifts by 10 to 40 % within minutes.
 */
async function interleave(
  files: string[],
  limitFiles: string[],
  dir: string,
  options: { threads?: number; fileWorkers?: number; rounds: number },
): Promise<Interleaved> {
  const runtime = await benchRuntime(
    [{ path: detectorDir }],
    options.fileWorkers ? { fileWorkers: options.fileWorkers } : {},
  );
  try {
    const params: Record<string, unknown> = { modelPath: sharedModelPath, scoreThreshold: 0.5 };
    if (options.threads) params.threads = options.threads;
    const limit = async () => {
      const result = await runLimit(limitFiles, 1);
      say(`  limit, one thread: ${imagesPerSecond(result).toFixed(1)} images/s`);
      return result;
    };
    const limits = [await limit()];
    const cold = await timeTask(runtime, dir, params);
    say(`  host, first task after start: ${describeHost(cold)}`);
    limits.push(await limit());
    const warm: HostRun[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const task = await timeTask(runtime, dir, params);
      say(`  host, next task (threads warm): ${describeHost(task)}`);
      warm.push(task);
      limits.push(await limit());
    }
    return { limits, cold, warm };
  } finally {
    await runtime.close();
  }
}

function describeHost(run: HostRun): string {
  return (
    `${run.images} images in ${run.seconds.toFixed(2)} s = ` +
    `${run.imagesPerSecond.toFixed(1)} images/s (steady ${run.steadyImagesPerSecond.toFixed(1)}), ` +
    `${run.detections} boxes, ${run.cpuMsPerImage.toFixed(1)} ms CPU per image, ` +
    `${run.coresUsed.toFixed(2)} cores busy`
  );
}

function positiveRounds(text: string): number {
  const rounds = Number(text);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`--rounds must be a whole number of at least 1, got "${text}"`);
  }
  return rounds;
}

async function main(): Promise<BenchReport> {
  const { values } = parseArgs({
    options: {
      images: { type: 'string', default: '1080' },
      threads: { type: 'string' },
      'file-workers': { type: 'string' },
      'peer-threads': { type: 'string' },
      'no-peer': { type: 'boolean', default: false },
      'no-parallel-limit': { type: 'boolean', default: false },
      rounds: { type: 'string', default: '4' },
    },
  });
  const rounds = positiveRounds(values.rounds);
  const cores = os.availableParallelism();
  const set = await imageSet(Number(values.images));
  const files = fs
    .readdirSync(set.dir)
    .filter((f) => /\.(jpg|png)$/.test(f))
    .sort()
    .map((f) => path.join(set.dir, f));
  say(
    `detection: ${files.length} photos (${set.megapixels} megapixels) in ${set.dir}, ${cores} cores`,
  );

  const limitFiles = files.filter((_, i) => i % LIMIT_STRIDE === 0);
  const { limits, cold, warm } = await interleave(files, limitFiles, set.dir, {
    ...(values.threads ? { threads: Number(values.threads) } : {}),
    ...(values['file-workers'] ? { fileWorkers: Number(values['file-workers']) } : {}),
    rounds,
  });
  const limitRates = limits.map(imagesPerSecond);
  // Each task against the mean of the one-thread limit runs on either side of it.
  const around = (after: number) =>
    (((limitRates[after - 1] ?? NaN) + (limitRates[after] ?? NaN)) / 2) * cores;
  const coldHostVsLimit = cold.imagesPerSecond / around(1);
  const warmRatios = warm.map((task, i) => task.imagesPerSecond / around(i + 2));
  const hostVsLimit = median(warmRatios);
  const limitOneThread = mean(limitRates);
  const limit = limitOneThread * cores;
  const limitCpuMsPerImage = mean(limits.map((l) => (l[0]?.cpuMs ?? NaN) / (l[0]?.images ?? NaN)));
  const host = {
    images: warm[0]?.images ?? 0,
    imagesPerSecond: median(warm.map((t) => t.imagesPerSecond)),
    steadyImagesPerSecond: median(warm.map((t) => t.steadyImagesPerSecond)),
    seconds: median(warm.map((t) => t.seconds)),
    cpuMsPerImage: median(warm.map((t) => t.cpuMsPerImage)),
    coresUsed: median(warm.map((t) => t.coresUsed)),
    detections: warm[0]?.detections ?? 0,
  };
  say(
    `  limit: one thread ${limitOneThread.toFixed(1)} images/s (mean of ${limits.length} runs) ` +
      `over ${limitFiles.length} of the photos x ${cores} cores = ${limit.toFixed(1)} images/s, ` +
      `${limitCpuMsPerImage.toFixed(1)} ms CPU per image`,
  );
  let limitMeasured: number | undefined;
  if (!values['no-parallel-limit'] && cores > 1) {
    limitMeasured = imagesPerSecond(await runLimit(limitFiles, cores));
    say(
      `  limit measured with ${cores} threads side by side: ${limitMeasured.toFixed(1)} images/s`,
    );
  }

  let peer: PeerResult | undefined;
  if (!values['no-peer']) {
    const peerThreads = values['peer-threads'] ? Number(values['peer-threads']) : cores;
    try {
      peer = await runPeer(sharedModelPath, set.dir, peerThreads);
      say(
        `  peer: ${peer.imagesPerSecond} images/s with ${peer.threads} OpenCV threads, ` +
          `${peer.detections} boxes`,
      );
    } catch (error) {
      // The peer needs Debian's python3-opencv; without it the other figures still stand.
      say(`  peer: could not run (apt-get install -y python3-opencv?): ${String(error)}`);
    }
  }

  // Images per CPU-second, host against limit: what the ratio would be with every core free.
  const hostVsLimitPerCore = limitCpuMsPerImage / host.cpuMsPerImage;
  const hostVsPeer = peer ? host.imagesPerSecond / peer.imagesPerSecond : undefined;
  const atLeast90 = warmRatios.filter((r) => r >= 0.9).length;
  say(
    `  host / limit = ${hostVsLimit.toFixed(2)}, median of the next tasks ` +
      `(${warmRatios.map((r) => r.toFixed(2)).join(', ')}: ${atLeast90} of ${warmRatios.length} ` +
      `at 0.9 or more; per busy core ` +
      `${hostVsLimitPerCore.toFixed(2)}); first task after start ${coldHostVsLimit.toFixed(2)}` +
      `${hostVsPeer ? `, host / peer = ${hostVsPeer.toFixed(2)}` : ''}`,
  );

  return {
    name: 'detection',
    figures: {
      images: host.images,
      megapixels: set.megapixels,
      hostImagesPerSecond: round(host.imagesPerSecond, 1),
      hostSteadyImagesPerSecond: round(host.steadyImagesPerSecond, 1),
      hostSeconds: round(host.seconds),
      hostCpuMsPerImage: round(host.cpuMsPerImage, 1),
      hostCoresUsed: round(host.coresUsed),
      coldHostImagesPerSecond: round(cold.imagesPerSecond, 1),
      coldHostSteadyImagesPerSecond: round(cold.steadyImagesPerSecond, 1),
      coldHostSeconds: round(cold.seconds),
      coldHostCpuMsPerImage: round(cold.cpuMsPerImage, 1),
      limitOneThreadImagesPerSecond: round(limitOneThread, 1),
      limitOneThreadRuns: limitRates.map((r) => round(r, 1)),
      limitImagesPerSecond: round(limit, 1),
      limitMeasuredImagesPerSecond: limitMeasured === undefined ? null : round(limitMeasured, 1),
      limitCpuMsPerImage: round(limitCpuMsPerImage, 1),
      peerImagesPerSecond: peer?.imagesPerSecond ?? null,
      peerThreads: peer?.threads ?? null,
      hostVsLimit: round(hostVsLimit),
      hostVsLimitRounds: warmRatios.map((r) => round(r)),
      coldHostVsLimit: round(coldHostVsLimit),
      hostVsLimitPerCore: round(hostVsLimitPerCore),
      hostVsPeer: hostVsPeer === undefined ? null : round(hostVsPeer),
      hostBoxes: host.detections,
      peerBoxes: peer?.detections ?? null,
    },
  };
}

runMain(main);
