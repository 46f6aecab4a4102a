import type { Command } from 'commander';
import {
  attachObservability,
  type AttachedObservability,
} from '../../observability/attach-observability';
import { runHost } from '../../process/run-host';
import type { CliContext } from '../cli-context';

/** `autoannotate host`: the worker host, with `/healthz` and `/metrics` when METRICS_PORT is set. */
export function addHostCommand(program: Command, ctx: CliContext): void {
  program
    .command('host')
    .description(
      'run a worker host: claim pending tasks and run them; SIGINT/SIGTERM drain it and exit 0',
    )
    .option('--once', 'run until no task is pending, then exit')
    .option('--json', 'print a JSON summary of the runs when the host exits')
    .action(async (options: { once?: boolean; json?: boolean }) => {
      const config = ctx.config();
      const outcomes: Record<string, number> = {};
      const count = (outcome: string) => {
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      };
      let hostId = '';
      let observability: AttachedObservability | undefined;
      const stopSignals: Array<() => void> = [];

      try {
        await runHost(config, {
          once: options.once,
          onStarted: async (parts, host) => {
            hostId = host.hostId;
            parts.events.on('task:finished', ({ status }) => count(status));
            parts.events.on('task:released', () => count('released'));
            parts.events.on('run:lost', () => count('lost'));
            try {
              observability = await attachObservability(parts, host);
            } catch (error) {
              // runHost closes the store only after a run; nothing ran yet, so close it here.
              await parts.close();
              throw error;
            }
            // runHost drains on signals only when it polls forever; `--once` needs the same.
            if (options.once) {
              for (const signal of ['SIGINT', 'SIGTERM'] as const) {
                const onSignal = () => {
                  parts.logger.info({ signal }, 'signal received; draining');
                  void host.drain();
                };
                process.once(signal, onSignal);
                stopSignals.push(() => process.off(signal, onSignal));
              }
            }
          },
        });
      } finally {
        for (const off of stopSignals) off();
        await observability?.close();
      }

      const summary =
        Object.entries(outcomes)
          .map(([outcome, n]) => `${n} ${outcome}`)
          .join(', ') || 'no task runs';
      ctx.result(Boolean(options.json), { hostId, runs: outcomes }, () => [
        `host ${hostId} exited: ${summary}`,
      ]);
    });
}
