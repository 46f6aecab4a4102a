import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseScriptArgs } from './script-args';

/**
 * A stand-in OpenAI-compatible endpoint for trying the LLM operators without a real model:
 * `POST /v1/chat/completions` answers `{"label": ...}` chosen by matching the user message
 * against regular expressions given on the command line, after an optional fixed latency.
 *
 *   node scripts/dist/stand-in-llm.js --port 8011 \
 *     --rule 'great|love|excellent=positive' --rule 'bad|awful|broken=negative' --otherwise neutral
 *
 * It prints `listening on http://127.0.0.1:PORT/v1` once it is ready and runs until killed.
 */
const USAGE = `
usage: node scripts/dist/stand-in-llm.js [--port 8011] [--rule REGEX=LABEL ...] [--otherwise LABEL]
                                         [--latency-ms 0]
An OpenAI-compatible stand-in: answers {"label": LABEL} for the first REGEX the text matches.`;

interface Rule {
  readonly pattern: RegExp;
  readonly label: string;
}

function parseRule(text: string): Rule {
  const at = text.lastIndexOf('=');
  if (at <= 0 || at === text.length - 1)
    throw new Error(`--rule must be REGEX=LABEL, got ${JSON.stringify(text)}`);
  return { pattern: new RegExp(text.slice(0, at), 'i'), label: text.slice(at + 1) };
}

function chosenLabel(rules: readonly Rule[], otherwise: string, userText: string): string {
  return rules.find((rule) => rule.pattern.test(userText))?.label ?? otherwise;
}

function completion(model: string, content: string) {
  return {
    id: `chatcmpl-standin-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

function main(): void {
  const values = parseScriptArgs(USAGE, {
    port: { type: 'string', default: '8011' },
    rule: { type: 'string', multiple: true, default: [] },
    otherwise: { type: 'string', default: 'neutral' },
    'latency-ms': { type: 'string', default: '0' },
  });
  const rules = values.rule.map(parseRule);
  const latencyMs = Number(values['latency-ms']);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"message":"not found"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        model?: string;
        messages?: Array<{ role: string; content: string }>;
      };
      const userText =
        body.messages
          ?.filter((m) => m.role === 'user')
          .map((m) => m.content)
          .join('\n') ?? '';
      const answer = JSON.stringify({ label: chosenLabel(rules, values.otherwise, userText) });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(completion(body.model ?? 'stand-in', answer)));
      }, latencyMs);
    });
  });
  server.listen(Number(values.port), '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`listening on http://127.0.0.1:${port}/v1\n`);
  });
  const close = () => server.close(() => process.exit(0));
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
}

main();
