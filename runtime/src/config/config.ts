import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors';

/**
 * Every setting of the runtime, read from environment variables in this one module and
 * validated into one frozen object that the container hands out. README.md lists them all.
 */
export interface RuntimeConfig {
  /** Project home: relative paths (plugins file, database, exports) resolve against it. */
  readonly home: string;
  /** `mysql://user:pass@host:port/db` for MySQL/MariaDB; unset means embedded SQLite. */
  readonly databaseUrl: string | undefined;
  /** SQLite file used when `databaseUrl` is unset. */
  readonly sqlitePath: string;
  readonly pluginsFile: string;
  /** Files of one task processed at once on this host. */
  readonly fileWorkers: number;
  /** Tasks run at once on this host. */
  readonly taskWorkers: number;
  /** Seconds between progress writes of a run; 0 writes after every file. */
  readonly progressIntervalSeconds: number;
  readonly heartbeatIntervalSeconds: number;
  /** A running task whose heartbeat is older is recovered; 0 or less disables recovery. */
  readonly heartbeatTimeoutSeconds: number;
  readonly recoveryIntervalSeconds: number;
  readonly maxTaskAttempts: number;
  /** `resume`: stale tasks go back to pending; `fail`: stale tasks with progress fail. */
  readonly recoveryMode: 'resume' | 'fail';
  readonly pollIntervalSeconds: number;
  /** A run gives up after this many files failed in a row; 0 never gives up. */
  readonly maxConsecutiveFailures: number;
  /** Seconds a draining host waits for files in flight before giving its tasks back. */
  readonly drainTimeoutSeconds: number;
  readonly logLevel: string;
  readonly logFormat: 'json' | 'pretty';
  /** Port of `/healthz` and `/metrics`; unset means no HTTP server, 0 picks a free port. */
  readonly metricsPort: number | undefined;
  /** Address the metrics server listens on. */
  readonly metricsHost: string;
  readonly exportDir: string;
  readonly labelStudioUrl: string | undefined;
  readonly labelStudioToken: string | undefined;
  /** Seconds one request to Label Studio may take before the push gives up. */
  readonly labelStudioTimeoutSeconds: number;
}

const seconds = z.coerce.number().finite();
const positiveInt = z.coerce.number().int().positive();

/** Variable name → parser. Defaults live here and in README.md. */
const variables = {
  AUTOANNOTATE_HOME: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^mysql:\/\//, 'must start with mysql:// (leave it unset for embedded SQLite)')
    .optional(),
  SQLITE_PATH: z.string().min(1).default('var/autoannotate.sqlite'),
  PLUGINS_FILE: z.string().min(1).default('plugins.json'),
  FILE_WORKERS: positiveInt.max(1024).default(8),
  TASK_WORKERS: positiveInt.max(64).default(1),
  AUTO_ANNOTATION_PROGRESS_INTERVAL: seconds.min(0).default(2),
  HEARTBEAT_INTERVAL_SECONDS: seconds.positive().default(5),
  HEARTBEAT_TIMEOUT_SECONDS: seconds.default(300),
  RECOVERY_INTERVAL_SECONDS: seconds.positive().default(60),
  MAX_TASK_ATTEMPTS: positiveInt.default(3),
  AUTO_ANNOTATION_RECOVERY: z.enum(['resume', 'fail']).default('resume'),
  POLL_INTERVAL_SECONDS: seconds.positive().default(1),
  MAX_CONSECUTIVE_FAILURES: z.coerce.number().int().min(0).default(50),
  DRAIN_TIMEOUT_SECONDS: seconds.min(0).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  EXPORT_DIR: z.string().min(1).default('exports'),
  LABEL_STUDIO_URL: z.url().optional(),
  LABEL_STUDIO_TOKEN: z.string().min(1).optional(),
  LABEL_STUDIO_TIMEOUT_SECONDS: seconds.positive().default(30),
} as const;

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): RuntimeConfig {
  const parsed: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(variables)) {
    const raw = env[name];
    const result = (schema as z.ZodType).safeParse(raw === '' ? undefined : raw);
    if (result.success) parsed[name] = result.data;
    else problems.push(`${name}=${JSON.stringify(raw)}: ${result.error.issues[0]?.message}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const v = parsed as { [K in keyof typeof variables]: z.output<(typeof variables)[K]> };
  const home = path.resolve(cwd, v.AUTOANNOTATE_HOME ?? '.');
  const logFormat =
    v.LOG_FORMAT === 'auto' ? (process.stderr.isTTY ? 'pretty' : 'json') : v.LOG_FORMAT;

  return Object.freeze({
    home,
    databaseUrl: v.DATABASE_URL,
    sqlitePath: path.resolve(home, v.SQLITE_PATH),
    pluginsFile: path.resolve(home, v.PLUGINS_FILE),
    fileWorkers: v.FILE_WORKERS,
    taskWorkers: v.TASK_WORKERS,
    progressIntervalSeconds: v.AUTO_ANNOTATION_PROGRESS_INTERVAL,
    heartbeatIntervalSeconds: v.HEARTBEAT_INTERVAL_SECONDS,
    heartbeatTimeoutSeconds: v.HEARTBEAT_TIMEOUT_SECONDS,
    recoveryIntervalSeconds: v.RECOVERY_INTERVAL_SECONDS,
    maxTaskAttempts: v.MAX_TASK_ATTEMPTS,
    recoveryMode: v.AUTO_ANNOTATION_RECOVERY,
    pollIntervalSeconds: v.POLL_INTERVAL_SECONDS,
    maxConsecutiveFailures: v.MAX_CONSECUTIVE_FAILURES,
    drainTimeoutSeconds: v.DRAIN_TIMEOUT_SECONDS,
    logLevel: v.LOG_LEVEL,
    logFormat,
    metricsPort: v.METRICS_PORT,
    metricsHost: v.METRICS_HOST,
    exportDir: path.resolve(home, v.EXPORT_DIR),
    labelStudioUrl: v.LABEL_STUDIO_URL,
    labelStudioToken: v.LABEL_STUDIO_TOKEN,
    labelStudioTimeoutSeconds: v.LABEL_STUDIO_TIMEOUT_SECONDS,
  });
}

/**
 * The value of a variable that holds a secret and is named at run time (e.g. the variable given
 * to `models add --api-key-env`). Read here so that no other module touches the environment.
 */
export function secretFromEnv(name: string, env: Env = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new ConfigError(`environment variable ${name} is not set (it should hold the secret)`);
  }
  return value;
}

/** A config for tests and embedding: defaults plus the given overrides. */
export function configWith(overrides: Partial<RuntimeConfig>, env: Env = {}): RuntimeConfig {
  return Object.freeze({ ...loadConfig(env), ...overrides });
}
