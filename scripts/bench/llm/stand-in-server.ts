import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible chat endpoint on 127.0.0.1 that answers every request after a fixed
 * latency with the same JSON answer, and counts the calls it held open at once.
 */
export class StandInChatServer {
  requests = 0;
  maxInFlight = 0;
  private inFlight = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly latencyMs: number,
    private readonly answer: string,
  ) {}

  static async start(latencyMs: number, answer: unknown): Promise<StandInChatServer> {
    let standIn: StandInChatServer | undefined;
    const server = http.createServer((req, res) => standIn?.serve(req, res));
    standIn = new StandInChatServer(server, latencyMs, JSON.stringify(answer));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  resetCounts(): void {
    this.requests = 0;
    this.maxInFlight = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.inFlight += 1;
    this.requests += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => {
      this.inFlight -= 1;
    });
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        if (req.url !== '/v1/chat/completions') {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'chatcmpl-bench',
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: 'bench',
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: this.answer },
                finish_reason: 'stop',
                logprobs: null,
              },
            ],
            usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
          }),
        );
      }, this.latencyMs),
    );
  }
}
