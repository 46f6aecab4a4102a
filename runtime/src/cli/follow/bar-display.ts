import { Presets, SingleBar } from 'cli-progress';
import type { Task } from '../../storage/types';
import { progressLine, ProgressFigures, type ProgressDisplay } from './progress-display';

/** `{eta}` and `{percentage}` are the library's own tokens; ours are computed like the plain lines. */
const FORMAT =
  'task {taskId} [{bar}] {value}/{total} files {percentText} | {rateText} files/s | ETA {etaText} | ' +
  '{failed} failed | {state}';

/** A progress bar on a terminal: files done/total, rate, time left, failures and status. */
export class BarDisplay implements ProgressDisplay {
  private readonly figures = new ProgressFigures();
  private readonly bar: SingleBar;
  private started = false;
  private announcedPending = false;

  constructor(private readonly out: NodeJS.WriteStream) {
    this.bar = new SingleBar(
      { format: FORMAT, stream: out, hideCursor: true, barsize: 28, clearOnComplete: false },
      Presets.shades_classic,
    );
  }

  update(task: Task): void {
    const figures = this.figures.sample(task);
    if (task.totalImages === 0) {
      // Nothing to draw before a host has counted the files.
      if (!this.announcedPending) this.out.write(`${progressLine(task, figures)}\n`);
      this.announcedPending = true;
      return;
    }
    const payload = {
      taskId: task.id,
      percentText: figures.percent,
      rateText: figures.rate,
      etaText: figures.eta,
      failed: task.failedImages,
      state: stateOf(task),
    };
    if (!this.started) {
      this.bar.start(task.totalImages, task.processedImages, payload);
      this.started = true;
    } else {
      this.bar.setTotal(task.totalImages);
      this.bar.update(task.processedImages, payload);
    }
  }

  finish(task: Task): void {
    if (this.started) {
      this.update(task);
      this.bar.stop();
    } else {
      this.out.write(`${progressLine(task, this.figures.sample(task))}\n`);
    }
  }

  interrupt(task: Task | undefined): void {
    if (this.started) this.bar.stop();
    const id = task ? ` ${task.id}` : '';
    this.out.write(`stopped following task${id}; it goes on (autoannotate stop${id} stops it)\n`);
  }
}

function stateOf(task: Task): string {
  return task.stopRequested && task.status === 'running' ? 'stopping' : task.status;
}
