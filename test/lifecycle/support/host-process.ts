import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { echoFixture } from '../../helpers/harness';
import { repoRoot } from '../../helpers/paths';
import { tempDir } from '../../helpers/temp';

export const hostEntry = path.join(repoRoot, 'runtime', 'dist', 'process', 'host-entry.js');

/** A host process (`node runtime/dist/process/host-entry.js`) and what it printed. */
export interface HostProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its JSON log lines so far. */
  logs(): Array<Record<string, unknown>>;
  /** SIGKILL: no drain, no final write. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: drains and exits. */
  stop(): Promise<void>;
}

/** A home folder with a plugins manifest that lists the echo-text fixture by path. */
export function hostHome(): { home: string; pluginsFile: string } {
  const home = tempDir('aa-host-');
  const pluginsFile = path.join(home, 'plugins.json');
  fs.writeFileSync(
    pluginsFile,
    JSON.stringify({ operators: [echoFixture], converters: [echoFixture] }),
  );
  return { home, pluginsFile };
}

/** Settings that make a host notice a dead peer within seconds. */
export const fastHostEnv: Readonly<Record<string, string>> = {
  HEARTBEAT_INTERVAL_SECONDS: '0.25',
  HEARTBEAT_TIMEOUT_SECONDS: '2',
  RECOVERY_INTERVAL_SECONDS: '1',
  POLL_INTERVAL_SECONDS: '0.1',
  AUTO_ANNOTATION_PROGRESS_INTERVAL: '0.5',
  DRAIN_TIMEOUT_SECONDS: '5',
  FILE_WORKERS: '2',
  LOG_LEVEL: 'info',
  LOG_FORMAT: 'json',
};

/**
 * Starts a host process with only the given settings (and PATH): a DATABASE_URL in the test's
 * own environment must not leak into a SQLite host.
 */
export function startHostProcess(env: Readonly<Record<string, string>>): HostProcess {
  const { home, pluginsFile } = hostHome();
  const child = spawn(process.execPath, [hostEntry], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      AUTOANNOTATE_HOME: home,
      PLUGINS_FILE: pluginsFile,
      ...fastHostEnv,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const logs = () =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    child,
    exited,
    logs,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
