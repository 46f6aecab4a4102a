import { performance } from 'node:perf_hooks';

/**
 * Decides when a run writes its progress: at most once per interval, timed with the monotonic
 * clock so that a wall-clock jump neither floods the database nor silences progress.
 * An interval of 0 writes after every file.
 */
export class ProgressThrottle {
  private lastWriteAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** True when a write is due now; records the write time when it says so. */
  take(): boolean {
    const now = this.now();
    if (this.intervalMs > 0 && now - this.lastWriteAt < this.intervalMs) return false;
    this.lastWriteAt = now;
    return true;
  }
}
