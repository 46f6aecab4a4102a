/**
 * Samples this process's resident set size on a timer and keeps the peak; `checkpoint()` also
 * samples at once, so a figure taken at a file count is never older than that moment.
 */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 20) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    return this.peak;
  }

  /** Peak so far, in MiB. */
  checkpoint(): number {
    return this.sample() / (1024 * 1024);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
