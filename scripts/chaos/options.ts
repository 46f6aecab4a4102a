import { parseArgs } from 'node:util';

export interface ChaosOptions {
  readonly hosts: number;
  readonly tasks: number;
  /** Files per task (every task runs over the same dataset). */
  readonly files: number;
  /** Milliseconds the echo operator spends on each file. */
  readonly delayMs: number;
  /** A host is killed every `killGapMs[0]`..`killGapMs[1]` ms, restarted after `restartMs`. */
  readonly killGapMs: readonly [number, number];
  readonly restartMs: readonly [number, number];
  readonly heartbeatTimeoutSeconds: number;
  readonly maxAttempts: number;
  /** The run is a failure when the tasks are not all ended by then. */
  readonly timeoutSeconds: number;
  readonly mysqlUrl: string;
  readonly seed: number;
  /** Keep the chaos database for inspection instead of dropping it. */
  readonly keep: boolean;
}

const USAGE = `node scripts/dist/chaos-hosts.js [--hosts 4] [--tasks 200] [--files 20] [--delay-ms 25]
  [--kill-gap-ms 1000-2500] [--restart-ms 300-1500] [--heartbeat-timeout 3] [--max-attempts 10]
  [--timeout 600] [--mysql-url URL (default $MYSQL_URL or mysql://root@127.0.0.1:3306/test)]
  [--seed N] [--keep]`;

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} must be a positive number, got "${raw}"\n${USAGE}`);
  }
  return value;
}

function range(name: string, raw: string): [number, number] {
  const [low, high = low] = raw.split('-').map((part) => positive(name, part));
  if (low! > high) throw new Error(`--${name} must be LOW-HIGH with LOW <= HIGH, got "${raw}"`);
  return [low!, high];
}

export function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ChaosOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      hosts: { type: 'string', default: '4' },
      tasks: { type: 'string', default: '200' },
      files: { type: 'string', default: '20' },
      'delay-ms': { type: 'string', default: '25' },
      'kill-gap-ms': { type: 'string', default: '1000-2500' },
      'restart-ms': { type: 'string', default: '300-1500' },
      'heartbeat-timeout': { type: 'string', default: '3' },
      'max-attempts': { type: 'string', default: '10' },
      timeout: { type: 'string', default: '600' },
      'mysql-url': { type: 'string' },
      seed: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  return {
    hosts: Math.round(positive('hosts', values.hosts)),
    tasks: Math.round(positive('tasks', values.tasks)),
    files: Math.round(positive('files', values.files)),
    delayMs: Number(values['delay-ms']),
    killGapMs: range('kill-gap-ms', values['kill-gap-ms']),
    restartMs: range('restart-ms', values['restart-ms']),
    heartbeatTimeoutSeconds: positive('heartbeat-timeout', values['heartbeat-timeout']),
    maxAttempts: Math.round(positive('max-attempts', values['max-attempts'])),
    timeoutSeconds: positive('timeout', values.timeout),
    mysqlUrl: values['mysql-url'] ?? (env.MYSQL_URL || 'mysql://root@127.0.0.1:3306/test'),
    seed:
      values.seed === undefined ? Date.now() % 2 ** 31 : Math.round(positive('seed', values.seed)),
    keep: values.keep,
  };
}

/** A small seeded generator (mulberry32), so that a run's kills can be replayed with --seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function between(random: () => number, [low, high]: readonly [number, number]): number {
  return low + random() * (high - low);
}
