import type { Task } from '../../storage/types';
import { progressLine, ProgressFigures, type ProgressDisplay } from './progress-display';

/**
 * Progress as plain lines, for output that is not a terminal (CI logs, files): a line when the
 * status changes, and while running at most one line per `everyMs` when the counts moved.
 */
export class LineDisplay implements ProgressDisplay {
  private readonly figures: ProgressFigures;
  private lastStatus: string | undefined;
  private lastProcessed = -1;
  private lastLineAt = 0;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly everyMs = 5000,
    private readonly now: () => number = Date.now,
  ) {
    this.figures = new ProgressFigures(now);
  }

  update(task: Task): void {
    const figures = this.figures.sample(task);
    const statusChanged = task.status !== this.lastStatus;
    const moved =
      task.processedImages !== this.lastProcessed && this.now() - this.lastLineAt >= this.everyMs;
    if (statusChanged || moved) this.write(progressLine(task, figures), task);
  }

  finish(task: Task): void {
    if (task.status !== this.lastStatus || task.processedImages !== this.lastProcessed) {
      this.write(progressLine(task, this.figures.sample(task)), task);
    }
  }

  interrupt(task: Task | undefined): void {
    const id = task ? ` ${task.id}` : '';
    this.out.write(`stopped following task${id}; it goes on (autoannotate stop${id} stops it)\n`);
  }

  private write(line: string, task: Task): void {
    this.out.write(`${line}\n`);
    this.lastStatus = task.status;
    this.lastProcessed = task.processedImages;
    this.lastLineAt = this.now();
  }
}
