import type { RuntimeParts } from '../container';
import type { TaskHost } from '../worker/task-host';
import { checkHealth } from './health';
import { startObservabilityServer } from './observability-server';
import { RuntimeMetrics } from './runtime-metrics';

export interface AttachedObservability {
  /** The port the server listens on. */
  readonly port: number;
  readonly metrics: RuntimeMetrics;
  close(): Promise<void>;
}

/**
 * Starts `/healthz` and `/metrics` for a running host when METRICS_PORT is set; resolves to
 * undefined otherwise. Meant for `runHost`'s `onStarted` hook.
 */
export async function attachObservability(
  parts: RuntimeParts,
  host: TaskHost,
): Promise<AttachedObservability | undefined> {
  const { config, store, registry, events, logger } = parts;
  if (config.metricsPort === undefined) return undefined;

  const activeRuns = () => host.activeRuns;
  const metrics = new RuntimeMetrics({
    store,
    events,
    activeRuns,
    taskWorkers: config.taskWorkers,
    logger,
  });
  const server = await startObservabilityServer({
    host: config.metricsHost,
    port: config.metricsPort,
    metrics,
    health: () => checkHealth({ store, registry, hostId: host.hostId, activeRuns }),
    logger,
  }).catch((error: unknown) => {
    metrics.dispose();
    throw error;
  });

  return {
    port: server.port,
    metrics,
    async close() {
      metrics.dispose();
      await server.close();
    },
  };
}
