import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import { hostEntry } from './paths';

/** Resident memory of a process from /proc: now, and its high-water mark, in MiB. */
export function residentMemory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/**
 * A bare host process (`runtime/dist/process/host-entry.js`), configured by environment
 * variables only, as operators deploy it. Its logs go to a file so that pipes never fill up.
 */
export class HostProcess {
  readonly child: ChildProcess;
  private readonly exited: Promise<unknown>;

  constructor(env: Record<string, string>, logFile: string, entry: string = hostEntry) {
    const log = fs.openSync(logFile, 'a');
    this.child = spawn(process.execPath, [entry], {
      env: { ...process.env, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.exited = once(this.child, 'exit');
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('host process did not start');
    return this.child.pid;
  }

  /** SIGTERM drains the host; waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
