import path from 'node:path';
import Piscina from 'piscina';
import type { DescribeTask, DetectReply, DetectTask, ModelDescription } from './worker-protocol';

/**
 * The inference threads. Every thread runs whole files (decode, resize, run, decode boxes),
 * so the main thread only schedules; each thread opens the model once, on first use.
 */
export class InferencePool {
  readonly #pool: Piscina;

  constructor(threads: number) {
    this.#pool = new Piscina({
      filename: path.join(__dirname, 'worker.js'),
      minThreads: threads,
      maxThreads: threads,
    });
  }

  describe(task: DescribeTask, signal?: AbortSignal): Promise<ModelDescription> {
    return this.#pool.run(task, { name: 'describe', signal: signal ?? null });
  }

  detect(task: DetectTask, signal?: AbortSignal): Promise<DetectReply> {
    return this.#pool.run(task, { name: 'detect', signal: signal ?? null });
  }

  destroy(): Promise<void> {
    return this.#pool.destroy();
  }
}
