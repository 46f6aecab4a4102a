import path from 'node:path';
import Piscina from 'piscina';
import type { DescribeTask, DetectReply, DetectTask, ModelDescription } from './worker-protocol';

/**
 * The inference threads. Every thread runs whole files (decode, resize, run, decode boxes),
 * so the main thread only schedules; each thread opens the model once, on first use.
 */
export class InferencePool {
  readonly #pool: Piscina;
  readonly #threads: number;
  #closed = false;

  constructor(threads: number) {
    this.#threads = threads;
    this.#pool = new Piscina({
      filename: path.join(__dirname, 'worker.js'),
      minThreads: threads,
      maxThreads: threads,
    });
  }

  /** True once `destroy` was called; piscina itself would start new threads for a late task. */
  get closed(): boolean {
    return this.#closed;
  }

  describe(task: DescribeTask, signal?: AbortSignal): Promise<ModelDescription> {
    if (this.#closed) return Promise.reject(new Error('the inference pool is closed'));
    return this.#pool.run(task, { name: 'describe', signal: signal ?? null });
  }

  /**
   * Opens the model on every thread at once (one describe per thread: a busy thread takes no
   * second task), so the threads load side by side and no file waits for a thread's first load.
   */
  async describeOnEveryThread(task: DescribeTask, signal?: AbortSignal): Promise<ModelDescription> {
    const loads = Array.from({ length: this.#threads }, () => this.describe(task, signal));
    const [first] = await Promise.all(loads);
    if (first === undefined) throw new Error('the inference pool has no threads');
    return first;
  }

  detect(task: DetectTask, signal?: AbortSignal): Promise<DetectReply> {
    if (this.#closed) return Promise.reject(new Error('the inference pool is closed'));
    return this.#pool.run(task, { name: 'detect', signal: signal ?? null });
  }

  destroy(): Promise<void> {
    this.#closed = true;
    return this.#pool.destroy();
  }
}
