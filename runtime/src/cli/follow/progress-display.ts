import type { Task } from '../../storage/types';
import { formatDuration } from '../format/units';
import { RateMeter } from './rate-meter';

/** Shows a followed task's progress; `update` is called on every poll. */
export interface ProgressDisplay {
  update(task: Task): void;
  /** The task ended: leave the display in its final state. */
  finish(task: Task): void;
  /** Following was interrupted (Ctrl-C); the task goes on. */
  interrupt(task: Task | undefined): void;
}

/** What both displays show: counts, rate and time left, computed the same way. */
export class ProgressFigures {
  private readonly meter: RateMeter;

  constructor(now: () => number = Date.now) {
    this.meter = new RateMeter(30_000, now);
  }

  sample(task: Task): { rate: string; eta: string; percent: string } {
    this.meter.add(task.processedImages);
    const rate = this.meter.rate();
    const eta = this.meter.etaSeconds(task.totalImages - task.processedImages);
    const percent =
      task.totalImages > 0
        ? `${Math.floor((task.processedImages / task.totalImages) * 100)}%`
        : '-';
    return {
      rate: rate === undefined ? '-' : rate.toFixed(rate < 10 ? 1 : 0),
      eta: task.status !== 'running' || eta === undefined ? '-' : formatDuration(eta),
      percent,
    };
  }
}

/** One plain line of progress, for logs and terminals alike. */
export function progressLine(
  task: Task,
  figures: { rate: string; eta: string; percent: string },
): string {
  if (task.status === 'pending' && task.processedImages === 0)
    return `task ${task.id} pending: waiting for a host`;
  if (task.status === 'running' && task.totalImages === 0)
    return `task ${task.id} running: preparing the operators`;
  const stopping = task.stopRequested && task.status === 'running' ? ' (stopping)' : '';
  return (
    `task ${task.id} ${task.status}${stopping}: ${task.processedImages}/${task.totalImages} files ` +
    `(${figures.percent}), ${task.failedImages} failed, ${figures.rate} files/s, ETA ${figures.eta}`
  );
}

/** A display that shows nothing (for `--json`). */
export const silentDisplay: ProgressDisplay = {
  update: () => undefined,
  finish: () => undefined,
  interrupt: () => undefined,
};
