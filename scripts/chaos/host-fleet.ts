import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** One host process slot: killed and restarted over and over. */
interface Slot {
  readonly index: number;
  child: ChildProcess | undefined;
  /** The host id the current process announced (`host started`), once it did. */
  hostId: string | undefined;
  exited: Promise<void>;
}

/**
 * N host processes (`runtime/dist/process/host-entry.js`) configured by environment variables.
 * Kills are SIGKILL: no drain, no final write, as when a machine dies.
 */
export class HostFleet {
  private readonly slots: Slot[] = [];
  private stopping = false;
  /** Lines at level error or above, across all processes. */
  errorLines = 0;
  starts = 0;

  constructor(
    private readonly root: string,
    private readonly env: Readonly<Record<string, string>>,
    count: number,
  ) {
    for (let index = 0; index < count; index++) {
      this.slots.push({ index, child: undefined, hostId: undefined, exited: Promise.resolve() });
    }
  }

  startAll(): void {
    for (const slot of this.slots) this.start(slot);
  }

  /** Hosts that announced themselves and run now. */
  live(): Array<{ index: number; hostId: string }> {
    return this.slots.flatMap((s) =>
      s.child && s.hostId ? [{ index: s.index, hostId: s.hostId }] : [],
    );
  }

  /** SIGKILLs the host in slot `index` and waits until it is gone; returns its host id. */
  async kill(index: number): Promise<string | undefined> {
    const slot = this.slots[index]!;
    const { child, hostId } = slot;
    if (!child) return undefined;
    slot.child = undefined;
    slot.hostId = undefined;
    child.kill('SIGKILL');
    await slot.exited;
    return hostId;
  }

  restart(index: number): void {
    if (!this.stopping) this.start(this.slots[index]!);
  }

  /** SIGTERM to every host (they drain), then waits for all to exit. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots) slot.child?.kill('SIGTERM');
    await Promise.all(this.slots.map((s) => s.exited));
  }

  private start(slot: Slot): void {
    const child = spawn(
      process.execPath,
      [path.join(this.root, 'runtime', 'dist', 'process', 'host-entry.js')],
      {
        cwd: this.root,
        env: { PATH: process.env.PATH ?? '', ...this.env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    this.starts += 1;
    slot.child = child;
    slot.hostId = undefined;
    slot.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.read(slot, child, line);
    });
  }

  private read(slot: Slot, child: ChildProcess, line: string): void {
    if (!line.startsWith('{')) return;
    const entry = JSON.parse(line) as { level?: number; msg?: string; hostId?: string };
    if ((entry.level ?? 0) >= 50) this.errorLines += 1;
    if (entry.msg === 'host started' && slot.child === child) slot.hostId = entry.hostId;
  }
}
