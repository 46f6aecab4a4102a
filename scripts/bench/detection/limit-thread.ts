import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { readImageSource } from '@autoannotate/operator-object-detection/image-source';
import { stretchToPlanes } from '@autoannotate/operator-object-detection/preprocess';
import { sessionFor } from '@autoannotate/operator-object-detection/session-cache';
import { setUpImageThread } from '@autoannotate/operator-object-detection/thread-setup';

export interface LimitJob {
  readonly files: readonly string[];
  readonly modelPath: string;
  readonly inputName: string;
  readonly size: number;
  /** Images run before the clock starts. */
  readonly warmup: number;
}

export interface LimitResult {
  readonly images: number;
  readonly seconds: number;
  /** CPU time of the whole process over the timed loop (the main thread sleeps meanwhile). */
  readonly cpuMs: number;
}

/**
 * The limit: one thread doing only read + decode + resize + `session.run` in a tight loop, with
 * the operator's own file read, pixel code and session options, over files of the set the host
 * reads. It leaves out the header read (the picture's size), which the host needs.
 */
async function tightLoop(job: LimitJob): Promise<LimitResult> {
  setUpImageThread();
  const session = await sessionFor({ modelPath: job.modelPath, modelVersion: 'limit' });
  const input = { width: job.size, height: job.size };
  const once = async (file: string) => {
    const source = readImageSource(file);
    if (!source.ok) throw new Error(`${file}: ${source.reason}`);
    const planes = await stretchToPlanes(source.input, input, Number.MAX_SAFE_INTEGER);
    if (typeof planes === 'string') throw new Error(`${file}: ${planes}`);
    await session.run({
      [job.inputName]: new ort.Tensor('float32', planes, [1, 3, job.size, job.size]),
    });
  };
  for (const file of job.files.slice(0, job.warmup)) await once(file);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const file of job.files) await once(file);
  const used = process.cpuUsage(cpu);
  return {
    images: job.files.length,
    seconds: (performance.now() - started) / 1000,
    cpuMs: (used.user + used.system) / 1000,
  };
}

if (parentPort) {
  const port = parentPort;
  tightLoop(workerData as LimitJob).then((result) => port.postMessage(result));
}
