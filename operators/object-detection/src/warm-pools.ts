import { InferencePool } from './pool';

/** A pool lent to one run; `release` hands it back (once) when the run ends. */
export interface PoolLease {
  readonly pool: InferencePool;
  release(): void;
}

interface Entry {
  readonly pool: InferencePool;
  users: number;
  idleTimer: NodeJS.Timeout | undefined;
}

/**
 * Inference pools kept between runs, one per thread count. Starting a pool (threads, native
 * modules, the model on every thread) takes about a quarter of a second on 2 cores: a host
 * working through many small tasks would pay it for each. Runs at the same time share a pool;
 * a pool no run has used for `idleMs` is closed. Idle threads do not keep the process alive.
 */
export class WarmPools {
  readonly #entries = new Map<number, Entry>();
  readonly #idleMs: number;

  constructor(idleMs: number) {
    this.#idleMs = idleMs;
  }

  acquire(threads: number): PoolLease {
    let entry = this.#entries.get(threads);
    if (!entry) {
      entry = { pool: new InferencePool(threads), users: 0, idleTimer: undefined };
      this.#entries.set(threads, entry);
    }
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
    entry.users += 1;
    const held = entry;
    let released = false;
    return {
      pool: held.pool,
      release: () => {
        if (released) return;
        released = true;
        held.users -= 1;
        if (held.users === 0) this.#closeWhenIdle(threads, held);
      },
    };
  }

  #closeWhenIdle(threads: number, entry: Entry): void {
    entry.idleTimer = setTimeout(() => {
      if (this.#entries.get(threads) !== entry || entry.users > 0) return;
      this.#entries.delete(threads);
      void entry.pool.destroy();
    }, this.#idleMs);
    entry.idleTimer.unref();
  }

  /** Closes every pool now, lent or not: the host is closing and no run is left. */
  async closeAll(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    for (const entry of entries) clearTimeout(entry.idleTimer);
    await Promise.all(entries.map((entry) => entry.pool.destroy()));
  }
}
