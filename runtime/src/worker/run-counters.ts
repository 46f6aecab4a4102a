import type { RunCounts } from '../storage/types';

/** The true counts of one run; the final write always uses these, whatever the throttle said. */
export class RunCounters {
  totalImages = 0;
  processedImages = 0;
  failedImages = 0;
  detectedObjects = 0;
  /** Failures since the last annotated file, for the give-up rule. */
  consecutiveFailures = 0;

  snapshot(): RunCounts {
    return {
      totalImages: this.totalImages,
      processedImages: this.processedImages,
      failedImages: this.failedImages,
      detectedObjects: this.detectedObjects,
    };
  }

  annotated(regions: number): void {
    this.processedImages += 1;
    this.detectedObjects += regions;
    this.consecutiveFailures = 0;
  }

  failed(): void {
    this.processedImages += 1;
    this.failedImages += 1;
    this.consecutiveFailures += 1;
  }
}
