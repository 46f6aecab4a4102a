import 'reflect-metadata';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { buildRuntime, loadConfig, openStore, TaskHost, type Store } from '@autoannotate/runtime';

/**
 * A host process for the claiming benchmark: the real host, configured by environment variables
 * like `host-entry.js`, whose store times each `claimNextTask` call. It says `ready` on stdout,
 * starts claiming when a line arrives on stdin, and on SIGTERM drains and prints the claim
 * times (ms) as one JSON line.
 */
export interface ClaimTimes {
  /** Calls that won a task. */
  readonly won: number[];
  /** Calls that found nothing left to claim. */
  readonly empty: number[];
}

function timingClaims(store: Store, times: ClaimTimes): Store {
  const claim: Store['claimNextTask'] = async (hostId) => {
    const started = performance.now();
    const claimed = await store.claimNextTask(hostId);
    (claimed ? times.won : times.empty).push(performance.now() - started);
    return claimed;
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'claimNextTask') return claim;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const times: ClaimTimes = { won: [], empty: [] };
  const store = timingClaims(
    openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath }),
    times,
  );
  const parts = await buildRuntime(config, { store });
  const host = parts.container.resolve(TaskHost);
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  host.start();
  await once(process, 'SIGTERM');
  await host.drain();
  await parts.close();
  process.stdout.write(`${JSON.stringify(times)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `claim host failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
