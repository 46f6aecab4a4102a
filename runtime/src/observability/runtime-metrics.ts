import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../logging/logger';
import type { Store } from '../storage/store';
import type { TaskStatus } from '../storage/types';
import type { RunEventMap, RunEvents } from '../worker/run-events';

const TASK_STATUSES: readonly TaskStatus[] = [
  'pending',
  'running',
  'completed',
  'failed',
  'stopped',
];

/** Seconds per file: from a fast text operator to a slow remote model. */
const FILE_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface MetricsSources {
  /** Counted on each scrape, so the gauge covers tasks of every host sharing the database. */
  readonly store: Pick<Store, 'countTasksByStatus'>;
  readonly events: RunEvents;
  /** Task runs in progress on this host right now. */
  readonly activeRuns: () => number;
  /** TASK_WORKERS: how many runs this host may have at once. */
  readonly taskWorkers: number;
  readonly logger: Logger;
}

/**
 * The Prometheus metrics of one host, in their own registry. Counters follow the host's
 * RunEvents; the tasks-by-status gauge asks the database at scrape time. `dispose()` removes
 * the event listeners.
 */
export class RuntimeMetrics {
  readonly registry = new Registry();
  private readonly detach: Array<() => void> = [];

  constructor(sources: MetricsSources) {
    const { registry } = this;
    collectDefaultMetrics({ register: registry });

    // Both gauges below are collected at once on a scrape: they share one count of the tasks.
    let counting: Promise<Record<TaskStatus, number> | undefined> | undefined;
    const countTasks = () => {
      counting ??= sources.store
        .countTasksByStatus()
        .then(
          (counts) => counts,
          (error: unknown) => {
            // A scrape must still answer when the database is down; autoannotate_database_up says so.
            sources.logger.warn({ err: error }, 'metrics could not count tasks');
            return undefined;
          },
        )
        .finally(() => {
          counting = undefined;
        });
      return counting;
    };
    new Gauge({
      name: 'autoannotate_tasks',
      help: 'Tasks in the database by status (all hosts).',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        const counts = await countTasks();
        if (counts) for (const status of TASK_STATUSES) this.set({ status }, counts[status]);
      },
    });
    new Gauge({
      name: 'autoannotate_database_up',
      help: '1 when this scrape could count the tasks in the database, else 0.',
      registers: [registry],
      async collect() {
        this.set((await countTasks()) ? 1 : 0);
      },
    });

    const processed = new Counter({
      name: 'autoannotate_files_processed_total',
      help: 'Files this host finished (annotated or failed), by pipeline operator.',
      labelNames: ['operator'],
      registers: [registry],
    });
    const failed = new Counter({
      name: 'autoannotate_files_failed_total',
      help: 'Files that failed on this host, by pipeline operator.',
      labelNames: ['operator'],
      registers: [registry],
    });
    const fileSeconds = new Histogram({
      name: 'autoannotate_file_duration_seconds',
      help: "Time from a file's start to its stored result (annotated files only), by pipeline operator.",
      labelNames: ['operator'],
      buckets: FILE_SECONDS_BUCKETS,
      registers: [registry],
    });
    const progressWrites = new Counter({
      name: 'autoannotate_progress_writes_total',
      help: "Throttled progress writes of this host's runs.",
      registers: [registry],
    });
    const heartbeatWrites = new Counter({
      name: 'autoannotate_heartbeat_writes_total',
      help: "Heartbeat writes of this host's runs.",
      registers: [registry],
    });
    const runsEnded = new Counter({
      name: 'autoannotate_task_runs_ended_total',
      help: 'Task runs of this host that ended, by outcome (completed, failed, stopped, released, lost).',
      labelNames: ['outcome'],
      registers: [registry],
    });
    const runsClaimed = new Counter({
      name: 'autoannotate_task_runs_claimed_total',
      help: 'Tasks this host claimed.',
      registers: [registry],
    });

    new Gauge({
      name: 'autoannotate_task_runs_active',
      help: 'Task runs in progress on this host.',
      registers: [registry],
      collect() {
        this.set(sources.activeRuns());
      },
    });
    new Gauge({
      name: 'autoannotate_task_workers',
      help: 'Task runs this host may have at once (TASK_WORKERS).',
      registers: [registry],
    }).set(sources.taskWorkers);
    new Gauge({
      name: 'autoannotate_task_pool_utilisation',
      help: 'Active task runs divided by TASK_WORKERS, 0 to 1.',
      registers: [registry],
      collect() {
        this.set(sources.activeRuns() / sources.taskWorkers);
      },
    });

    this.listen(sources.events, 'task:claimed', () => runsClaimed.inc());
    this.listen(sources.events, 'file:done', ({ operator, ms }) => {
      processed.inc({ operator });
      fileSeconds.observe({ operator }, ms / 1000);
    });
    this.listen(sources.events, 'file:failed', ({ operator }) => {
      processed.inc({ operator });
      failed.inc({ operator });
    });
    this.listen(sources.events, 'progress:written', () => progressWrites.inc());
    this.listen(sources.events, 'heartbeat:written', () => heartbeatWrites.inc());
    this.listen(sources.events, 'task:finished', ({ status }) =>
      runsEnded.inc({ outcome: status }),
    );
    this.listen(sources.events, 'task:released', () => runsEnded.inc({ outcome: 'released' }));
    this.listen(sources.events, 'run:lost', () => runsEnded.inc({ outcome: 'lost' }));
  }

  /** The exposition text of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  dispose(): void {
    for (const off of this.detach.splice(0)) off();
  }

  private listen<K extends keyof RunEventMap>(
    events: RunEvents,
    name: K,
    listener: (...args: RunEventMap[K]) => void,
  ): void {
    const typed = listener as Parameters<RunEvents['on']>[1];
    events.on(name, typed);
    this.detach.push(() => events.off(name, typed));
  }
}
