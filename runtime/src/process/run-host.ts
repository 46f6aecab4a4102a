import type { RuntimeConfig } from '../config/config';
import { buildRuntime, type RuntimeParts } from '../container';
import { TaskHost } from '../worker/task-host';

export interface RunHostOptions {
  /** Process only what is pending now, then exit (instead of polling forever). */
  readonly once?: boolean;
  /** Called once the host is up, e.g. to start the metrics server. */
  readonly onStarted?: (parts: RuntimeParts, host: TaskHost) => void | Promise<void>;
}

/**
 * Runs a worker host in this process until SIGINT/SIGTERM (or, with `once`, until no task is
 * pending). A signal drains the host: no new claims, files in flight finish or their tasks are
 * given back after DRAIN_TIMEOUT_SECONDS, final writes land, then the store closes.
 */
export async function runHost(config: RuntimeConfig, options: RunHostOptions = {}): Promise<void> {
  const parts = await buildRuntime(config);
  const host = parts.container.resolve(TaskHost);
  await options.onStarted?.(parts, host);

  if (options.once) {
    try {
      await host.runUntilIdle();
    } finally {
      await parts.close();
    }
    return;
  }

  host.start();
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      parts.logger.info({ signal }, 'signal received; draining');
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await host.drain();
  await parts.close();
}
