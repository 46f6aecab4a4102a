import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** How the stand-in server answers one request. */
export interface StubReply {
  /** HTTP status; default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON, strings as they are. */
  readonly body?: unknown;
  /** Milliseconds to wait before answering. */
  readonly delayMs?: number;
  /** Never answer: the request stays open until the client gives up or the server closes. */
  readonly hang?: boolean;
  /** Send the status, headers and half the body, then nothing more. */
  readonly stallBody?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body (the raw text if it was not JSON). */
  readonly body: any;
  /** `performance.now()` when the request arrived. */
  readonly receivedAt: number;
}

/** Decides the reply to a request; `index` counts the chat requests from 0. */
export type StubScript = (
  request: RecordedRequest,
  index: number,
) => StubReply | Promise<StubReply>;

/**
 * A stand-in for an OpenAI-compatible endpoint on 127.0.0.1: `POST /v1/chat/completions`
 * answers from a queue of replies, else from a script function. It records every request and
 * the highest number of requests it held open at once.
 */
export class OpenAiStubServer {
  readonly requests: RecordedRequest[] = [];
  maxInFlight = 0;
  private inFlight = 0;
  private readonly queue: StubReply[] = [];
  private script: StubScript | undefined;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<OpenAiStubServer> {
    let stub: OpenAiStubServer | undefined;
    const server = http.createServer((req, res) => void stub?.serve(req, res));
    stub = new OpenAiStubServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  /** Base URL to put in a model config, ending in `/v1`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Replies used in order, before the script. */
  reply(...replies: StubReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  handle(script: StubScript): this {
    this.script = script;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => {
      this.inFlight -= 1;
    });
    const receivedAt = performance.now();
    const raw = await readBody(req);
    const request: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: parseJson(raw),
      receivedAt,
    };
    if (request.method !== 'POST' || request.path !== '/v1/chat/completions') {
      return send(res, errorReply(404, `stub: no route ${request.method} ${request.path}`));
    }
    const index = this.requests.push(request) - 1;
    const reply = this.queue.shift() ?? (await this.script?.(request, index)) ?? unscripted;
    if (reply.hang === true) return;
    if (reply.delayMs !== undefined)
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    send(res, reply);
  }
}

/** A 418 (never retried by the client) so a test that forgot a reply fails fast and clearly. */
const unscripted: StubReply = {
  status: 418,
  body: { error: { message: 'stub: no reply scripted' } },
};

function send(res: http.ServerResponse, reply: StubReply): void {
  if (res.destroyed) return;
  const isText = typeof reply.body === 'string';
  const body = isText ? (reply.body as string) : JSON.stringify(reply.body ?? {});
  res.writeHead(reply.status ?? 200, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json',
    ...reply.headers,
  });
  if (reply.stallBody === true) {
    res.write(body.slice(0, Math.floor(body.length / 2)));
    return;
  }
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The body of a chat completion whose first choice says `content`. */
export function chatCompletion(content: string, finishReason = 'stop'): Record<string, unknown> {
  return {
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'stub-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content },
        finish_reason: finishReason,
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

/** A 200 whose answer is `value` as JSON text. */
export function jsonAnswer(value: unknown): StubReply {
  return { body: chatCompletion(JSON.stringify(value)) };
}

/** A 200 whose answer is `content` as the model wrote it. */
export function textAnswer(content: string, finishReason = 'stop'): StubReply {
  return { body: chatCompletion(content, finishReason) };
}

/** An error in the shape OpenAI-compatible servers use. */
export function errorReply(
  status: number,
  message: string,
  headers?: Record<string, string>,
): StubReply {
  return {
    status,
    body: { error: { message, type: 'stub_error', code: null } },
    ...(headers ? { headers } : {}),
  };
}
