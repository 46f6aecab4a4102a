import type { RuntimeParts } from '../../container';
import type { Task } from '../../storage/types';
import type { CliContext } from '../cli-context';
import { ExitCodes } from '../exit-codes';
import { BarDisplay } from './bar-display';
import { followTask } from './follow-task';
import { LineDisplay } from './line-display';
import { silentDisplay, type ProgressDisplay } from './progress-display';

/**
 * Follows a task for a command: a progress bar on a terminal, plain lines otherwise, nothing
 * with `--json`. Ctrl-C stops following (exit 130) without touching the task.
 */
export async function followUntilEnd(
  ctx: CliContext,
  parts: RuntimeParts,
  taskId: number,
  intervalMs: number,
): Promise<Task | undefined> {
  const { stderr } = ctx.io;
  let display: ProgressDisplay = silentDisplay;
  if (!ctx.json) display = stderr.isTTY ? new BarDisplay(stderr) : new LineDisplay(stderr);
  const interrupted = new AbortController();
  const onInterrupt = () => interrupted.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const task = await followTask(parts.store, taskId, display, {
      intervalMs,
      signal: interrupted.signal,
      logger: parts.logger,
    });
    if (task === undefined) ctx.exitCode = ExitCodes.INTERRUPTED;
    return task;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
