import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openSqliteStore, type Store } from '@autoannotate/runtime';
import { echoFixture, type ManifestEntryLike } from '../../helpers/harness';
import { repoRoot } from '../../helpers/paths';
import { tempDir } from '../../helpers/temp';

export const cliMain = path.join(repoRoot, 'runtime', 'dist', 'cli', 'main.js');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export type ExtraEnv = Record<string, string | undefined>;

export interface CliHome {
  readonly home: string;
  readonly sqlitePath: string;
  /** The environment every command of this home runs with (a clean one, not the test's). */
  readonly env: Record<string, string>;
  /** Runs `autoannotate <args>` to the end; `extraEnv` adds variables, or removes those set to undefined. */
  run(args: readonly string[], extraEnv?: ExtraEnv): Promise<CliResult>;
  /** Starts `autoannotate <args>` and leaves it running (e.g. a host). */
  start(args: readonly string[], extraEnv?: ExtraEnv): RunningCli;
  /** Opens the home's database, for assertions; close it after use. */
  openStore(): Store;
}

export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  /** What the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr has a line matching `pattern`, with the match. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  ended(): Promise<CliResult>;
}

/**
 * A temporary project home for the real `autoannotate` binary: a plugins.json listing the
 * echo-text fixture by path, an embedded database, fast polls and JSON logs. Commands run in
 * the home folder with a clean environment, so a developer's own variables or .env cannot leak in.
 */
export function makeCliHome(
  options: { operators?: Array<ManifestEntryLike | string> } = {},
): CliHome {
  const home = tempDir('aa-cli-');
  fs.writeFileSync(
    path.join(home, 'plugins.json'),
    JSON.stringify({
      operators: options.operators ?? [echoFixture],
      converters: options.operators ?? [echoFixture],
    }),
  );
  const sqlitePath = path.join(home, 'var', 'db.sqlite');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    AUTOANNOTATE_HOME: home,
    PLUGINS_FILE: 'plugins.json',
    SQLITE_PATH: sqlitePath,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    POLL_INTERVAL_SECONDS: '0.05',
    HEARTBEAT_INTERVAL_SECONDS: '0.2',
    AUTO_ANNOTATION_PROGRESS_INTERVAL: '0',
  };

  const start = (args: readonly string[], extraEnv: ExtraEnv = {}): RunningCli => {
    const merged = Object.fromEntries(
      Object.entries({ ...env, ...extraEnv }).filter(([, v]) => v !== undefined),
    );
    const child = spawn(process.execPath, [cliMain, ...args], { cwd: home, env: merged });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const ended = new Promise<CliResult>((resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
    return {
      child,
      stdout: () => stdout,
      stderr: () => stderr,
      ended: () => ended,
      async waitForStderr(pattern, timeoutMs = 20000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const match = stderr.match(pattern);
          if (match) return match;
          if (child.exitCode !== null || Date.now() > deadline) {
            throw new Error(`stderr never matched ${pattern} (exit ${child.exitCode}):\n${stderr}`);
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      },
    };
  };

  return {
    home,
    sqlitePath,
    env,
    start,
    run: (args, extraEnv) => start(args, extraEnv).ended(),
    openStore: () => openSqliteStore(sqlitePath),
  };
}

/** Parses a command's `--json` output, failing with the command's stderr when it is not JSON. */
export function parseJson<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(
      `stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
}

/** Polls until `probe` gives a value. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The start of `submit` for a one-step echo-text task over a dataset; add flags after it. */
export function echoSubmit(dataset: string): string[] {
  return ['submit', '--dataset', dataset, '--type', 'echo', '--operator', 'echo-text'];
}
