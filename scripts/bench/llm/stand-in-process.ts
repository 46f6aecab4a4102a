import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { StandInChatServer } from './stand-in-server';

/**
 * The stand-in chat server in a process of its own, so that its HTTP work does not share the
 * host's event loop. Lines on stdin: `reset` or `stats`; it answers `stats` with one JSON line.
 * Its first line on stdout is the base URL.
 */
export class StandInProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly lines: Interface,
    readonly baseUrl: string,
  ) {}

  static async start(latencyMs: number, answer: unknown): Promise<StandInProcess> {
    const child = spawn(process.execPath, [__filename, String(latencyMs), JSON.stringify(answer)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout! });
    const [baseUrl] = (await once(lines, 'line')) as [string];
    return new StandInProcess(child, lines, baseUrl);
  }

  reset(): void {
    this.child.stdin!.write('reset\n');
  }

  async stats(): Promise<{ requests: number; maxInFlight: number }> {
    const answer = once(this.lines, 'line') as Promise<[string]>;
    this.child.stdin!.write('stats\n');
    return JSON.parse((await answer)[0]) as { requests: number; maxInFlight: number };
  }

  async stop(): Promise<void> {
    const exited = once(this.child, 'exit');
    this.child.stdin!.end();
    await exited;
  }
}

async function serve(latencyMs: number, answer: unknown): Promise<void> {
  const server = await StandInChatServer.start(latencyMs, answer);
  process.stdout.write(`${server.baseUrl}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'reset') server.resetCounts();
    if (line === 'stats') {
      const { requests, maxInFlight } = server;
      process.stdout.write(`${JSON.stringify({ requests, maxInFlight })}\n`);
    }
  }
  await server.close();
}

if (require.main === module && path.basename(__filename) === 'stand-in-process.js') {
  void serve(Number(process.argv[2]), JSON.parse(process.argv[3] ?? '{}'));
}
