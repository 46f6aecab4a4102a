/**
 * Files per second over a sliding window of samples, and the time left at that rate. The window
 * keeps the rate current when a task speeds up or slows down (e.g. a remote model under load).
 */
export class RateMeter {
  private samples: Array<{ at: number; done: number }> = [];

  constructor(
    private readonly windowMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  add(done: number): void {
    const at = this.now();
    const last = this.samples[this.samples.length - 1];
    // A run that was given back and resumed may report fewer files for a moment: start over.
    if (last && done < last.done) this.samples = [];
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - this.samples[1]!.at > this.windowMs)
      this.samples.shift();
  }

  /** Files per second, or undefined while there is not enough to say. */
  rate(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 500 || last.done === first.done) return undefined;
    return ((last.done - first.done) * 1000) / (last.at - first.at);
  }

  etaSeconds(remaining: number): number | undefined {
    const rate = this.rate();
    return rate === undefined ? undefined : remaining / rate;
  }
}
