import assert from 'node:assert/strict';
import { ErrorCodes, type ModelConfig, type OperatorInstance } from '@autoannotate/runtime';
import { operator as classification } from '@autoannotate/operator-llm-text-classification';
import { operator as ner } from '@autoannotate/operator-llm-ner';
import type { ClassificationOutput } from '@autoannotate/operator-llm-text-classification';
import {
  OpenAiStubServer,
  errorReply,
  jsonAnswer,
  textAnswer,
  type StubReply,
} from '../helpers/openai-stub-server';
import {
  CountingModelConfigs,
  inputOf,
  operatorContext,
  stubModel,
  textFile,
} from './llm-fixtures';

type Coded = Error & { code?: string };

describe('LLM chat client (through the openai client and a stand-in server)', () => {
  let stub: OpenAiStubServer;
  beforeEach(async () => {
    stub = await OpenAiStubServer.start();
  });
  afterEach(async () => stub.close());

  async function sentiment(model: ModelConfig): Promise<OperatorInstance<ClassificationOutput>> {
    const context = operatorContext(new CountingModelConfigs([model]));
    const params = classification.spec.parseParams({
      modelId: model.modelId,
      labels: ['positive', 'negative'],
    });
    return classification.create(context, params);
  }

  describe('answers (C-12)', () => {
    it('parses JSON in a fence after a sentence without a retry (C-12)', async () => {
      stub.reply(
        textAnswer('Sure! The text reads as upbeat.\n\n```json\n{"label": "positive"}\n```'),
      );
      const instance = await sentiment(stubModel(stub, { maxRetries: 3 }));
      const output = await instance.execute(inputOf(textFile('Sunny and warm.')));
      assert.deepEqual(output.labels, ['positive']);
      assert.equal(stub.requests.length, 1);
    });

    it('calls an endpoint that needs no key when api_key is empty', async () => {
      stub.reply(jsonAnswer({ label: 'positive' }));
      const instance = await sentiment(stubModel(stub, {}, { apiKey: '' }));
      assert.deepEqual((await instance.execute(inputOf(textFile('Local model.')))).labels, [
        'positive',
      ]);
      assert.equal(stub.requests[0]?.headers.authorization, undefined);
    });

    it('parses a JSON object surrounded by prose', async () => {
      stub.reply(textAnswer('My answer is {"label": "negative"} because of the tone.'));
      const instance = await sentiment(stubModel(stub));
      assert.deepEqual((await instance.execute(inputOf(textFile('Rain again.')))).labels, [
        'negative',
      ]);
    });

    it('recognises an answer cut off at the token limit and does not parse it (C-12)', async () => {
      stub.reply(
        textAnswer(
          '{"entities": [{"type": "PER", "text": "Ada"}, {"type": "ORG", "text": "Ac',
          'length',
        ),
      );
      const model = stubModel(stub, { maxTokens: 16 });
      const context = operatorContext(new CountingModelConfigs([model]));
      const instance = await ner.create(
        context,
        ner.spec.parseParams({ modelId: model.modelId, entityTypes: ['PER', 'ORG'] }),
      );
      await assert.rejects(
        instance.execute(inputOf(textFile('Ada works at Acme.'))),
        (error: Coded) => {
          assert.equal(error.code, ErrorCodes.OUTPUT_INVALID);
          assert.match(
            error.message,
            /cut off at the token limit of 16 \(finish_reason "length"\)/,
          );
          return true;
        },
      );
      assert.equal(stub.requests.length, 1);
      assert.equal(stub.requests[0]?.body.max_tokens, 16);
    });

    it('treats a complete-looking answer with finish_reason "length" as cut off too (C-12)', async () => {
      stub.reply(textAnswer('{"label": "positive"}', 'length'));
      const instance = await sentiment(stubModel(stub));
      await assert.rejects(instance.execute(inputOf(textFile('Fine.'))), /finish_reason "length"/);
    });

    it('fails the file with the answer quoted when it holds no JSON', async () => {
      stub.reply(textAnswer('I think it is positive.'));
      const instance = await sentiment(stubModel(stub));
      await assert.rejects(instance.execute(inputOf(textFile('Fine.'))), (error: Coded) => {
        assert.equal(error.code, ErrorCodes.OUTPUT_INVALID);
        assert.match(error.message, /no JSON object in the answer "I think it is positive\."/);
        return true;
      });
    });
  });

  describe('response_format', () => {
    const rejectsResponseFormat = (request: { body: any }): StubReply =>
      request.body.response_format === undefined
        ? jsonAnswer({ label: 'positive' })
        : errorReply(400, 'Unrecognized request argument supplied: response_format');

    it('falls back to a plain request for a model whose server rejects response_format', async () => {
      stub.handle(rejectsResponseFormat);
      const instance = await sentiment(stubModel(stub));
      assert.deepEqual((await instance.execute(inputOf(textFile('One.')))).labels, ['positive']);
      assert.deepEqual((await instance.execute(inputOf(textFile('Two.')))).labels, ['positive']);
      const formats = stub.requests.map((request) => request.body.response_format?.type ?? 'none');
      assert.deepEqual(formats, ['json_object', 'none', 'none']);
    });

    it('keeps a 400 that is not about response_format as the file failure', async () => {
      stub.handle(() => errorReply(400, 'context length exceeded'));
      const instance = await sentiment(stubModel(stub));
      await assert.rejects(instance.execute(inputOf(textFile('Long.'))), (error: Coded) => {
        assert.equal(error.code, ErrorCodes.OPERATOR_FAILED);
        assert.match(error.message, /the endpoint answered 400 context length exceeded/);
        return true;
      });
      assert.equal(stub.requests.length, 2);
    });

    it('sends no response_format when the model config says jsonMode none', async () => {
      stub.reply(jsonAnswer({ label: 'negative' }));
      const instance = await sentiment(stubModel(stub, { jsonMode: 'none', temperature: 0 }));
      await instance.execute(inputOf(textFile('Meh.')));
      assert.equal(stub.requests[0]?.body.response_format, undefined);
      assert.equal(stub.requests[0]?.body.temperature, 0);
    });
  });

  describe('slow and refusing endpoints (C-13)', () => {
    it('waits as long as retry-after says before each retry (C-13)', async function () {
      this.timeout(20_000);
      const busy = errorReply(429, 'rate limited', { 'retry-after': '1' });
      stub.reply(busy, busy, jsonAnswer({ label: 'positive' }));
      const instance = await sentiment(stubModel(stub, { maxRetries: 4 }));
      const output = await instance.execute(inputOf(textFile('Patience.')));

      assert.deepEqual(output.labels, ['positive']);
      const arrivals = stub.requests.map((request) => request.receivedAt);
      assert.equal(arrivals.length, 3);
      // Without the header the client's own first backoff is at most 500 ms.
      for (let i = 1; i < arrivals.length; i++) {
        assert.ok(
          arrivals[i]! - arrivals[i - 1]! >= 990,
          `gap ${i} was ${arrivals[i]! - arrivals[i - 1]!} ms`,
        );
      }
    });

    it('fails with the status once the retries are used up', async () => {
      stub.handle(() => errorReply(503, 'overloaded', { 'retry-after-ms': '10' }));
      const instance = await sentiment(stubModel(stub, { maxRetries: 2 }));
      await assert.rejects(instance.execute(inputOf(textFile('x'))), (error: Coded) => {
        assert.equal(error.code, ErrorCodes.OPERATOR_FAILED);
        assert.match(error.message, /answered 503 overloaded, given up after 3 attempts/);
        return true;
      });
      assert.equal(stub.requests.length, 3);
    });

    it('times out a call that never gets an answer while other files go through (C-13)', async function () {
      this.timeout(20_000);
      stub.handle((request) =>
        String(request.body.messages[1].content).includes('hang')
          ? { hang: true }
          : jsonAnswer({ label: 'negative' }),
      );
      const instance = await sentiment(
        stubModel(stub, { timeoutMs: 300, maxRetries: 1, maxConcurrency: 2 }),
      );
      const texts = ['one', 'two', 'please hang', 'three', 'four', 'five'];
      const settled = await Promise.allSettled(
        texts.map((text) => instance.execute(inputOf(textFile(text)))),
      );

      const failed = settled.filter((result) => result.status === 'rejected');
      assert.equal(failed.length, 1);
      const error = (failed[0] as PromiseRejectedResult).reason as Coded;
      assert.equal(error.code, ErrorCodes.OPERATOR_FAILED);
      assert.match(error.message, /no answer within 300 ms, given up after 2 attempts/);
      assert.equal(settled[2]?.status, 'rejected');
      for (const result of settled.filter((r) => r.status === 'fulfilled')) {
        assert.deepEqual((result as PromiseFulfilledResult<ClassificationOutput>).value.labels, [
          'negative',
        ]);
      }
      const hungAttempts = stub.requests.filter((r) =>
        String(r.body.messages[1].content).includes('hang'),
      );
      assert.equal(hungAttempts.length, 2);
    });

    it('times out an answer whose body stalls after the headers (C-13)', async () => {
      stub.reply(
        { ...jsonAnswer({ label: 'positive' }), stallBody: true },
        jsonAnswer({ label: 'negative' }),
      );
      const instance = await sentiment(stubModel(stub, { timeoutMs: 300, maxRetries: 1 }));
      assert.deepEqual((await instance.execute(inputOf(textFile('x')))).labels, ['negative']);
      assert.equal(stub.requests.length, 2);
    });

    it('names the reason when the endpoint cannot be reached', async () => {
      const gone = await OpenAiStubServer.start();
      const model = stubModel(gone);
      await gone.close();
      const instance = await sentiment(model);
      await assert.rejects(instance.execute(inputOf(textFile('x'))), (error: Coded) => {
        assert.equal(error.code, ErrorCodes.OPERATOR_FAILED);
        assert.match(
          error.message,
          /cannot reach the endpoint \(connect ECONNREFUSED 127\.0\.0\.1:\d+\), given up/,
        );
        return true;
      });
    });

    it('ends a call when the file is aborted', async () => {
      stub.handle(() => ({ hang: true }));
      const instance = await sentiment(stubModel(stub, { timeoutMs: 60_000 }));
      const abort = new AbortController();
      const call = instance.execute({ ...inputOf(textFile('x')), signal: abort.signal });
      while (stub.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      abort.abort();
      await assert.rejects(call, (error: Coded) => {
        assert.equal(error.code, ErrorCodes.OPERATOR_FAILED);
        assert.match(error.message, /aborted/);
        return true;
      });
    });

    it('backs off as if there were no header when retry-after is unreadable or past (C-13)', async function () {
      this.timeout(20_000);
      const past = new Date(Date.now() - 60_000).toUTCString();
      stub.reply(
        errorReply(503, 'overloaded', { 'retry-after': 'soon' }),
        errorReply(503, 'overloaded', { 'retry-after': past }),
        jsonAnswer({ label: 'positive' }),
      );
      const instance = await sentiment(stubModel(stub, { maxRetries: 4 }));
      assert.deepEqual((await instance.execute(inputOf(textFile('x')))).labels, ['positive']);
      const arrivals = stub.requests.map((request) => request.receivedAt);
      assert.equal(arrivals.length, 3);
      // The client's own backoff: 0.5 s then 1 s, less up to 25 % jitter; a retry at once is ~0.
      assert.ok(arrivals[1]! - arrivals[0]! >= 370, `first gap ${arrivals[1]! - arrivals[0]!} ms`);
      assert.ok(arrivals[2]! - arrivals[1]! >= 740, `second gap ${arrivals[2]! - arrivals[1]!} ms`);
    });

    it('cuts a retry-after longer than maxRetryAfterMs to that limit', async () => {
      stub.reply(
        errorReply(429, 'come back in an hour', { 'retry-after': '3600' }),
        jsonAnswer({ label: 'positive' }),
      );
      const instance = await sentiment(stubModel(stub, { maxRetries: 1, maxRetryAfterMs: 50 }));
      assert.deepEqual((await instance.execute(inputOf(textFile('x')))).labels, ['positive']);
      assert.equal(stub.requests.length, 2);
    });

    it('ends a call at once when the file is aborted during a long retry-after', async function () {
      this.timeout(10_000);
      stub.reply(errorReply(429, 'come back in an hour', { 'retry-after': '3600' }));
      const instance = await sentiment(stubModel(stub, { maxRetries: 2 }));
      const abort = new AbortController();
      const call = instance.execute({ ...inputOf(textFile('x')), signal: abort.signal });
      while (stub.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      abort.abort();
      await assert.rejects(call, /the call was aborted because the run is stopping/);
      assert.equal(stub.requests.length, 1);
    });
  });

  describe('calls in flight', () => {
    it('never has more calls in flight to one model than its maxConcurrency, across operators', async () => {
      stub.handle((request) => ({
        delayMs: 40,
        ...(String(request.body.messages[0].content).includes('named entities')
          ? jsonAnswer({ entities: [] })
          : jsonAnswer({ label: 'positive' })),
      }));
      const model = stubModel(stub, { maxConcurrency: 3 });
      const context = operatorContext(new CountingModelConfigs([model]));
      const first = await classification.create(
        context,
        classification.spec.parseParams({ modelId: model.modelId, labels: ['positive'] }),
      );
      const second = await ner.create(
        context,
        ner.spec.parseParams({ modelId: model.modelId, entityTypes: ['PER'] }),
      );
      const calls = Array.from({ length: 16 }, (_, i) =>
        (i % 2 === 0 ? first : second).execute(inputOf(textFile(`text ${i}`))),
      );
      await Promise.all(calls);
      assert.equal(stub.requests.length, 16);
      assert.equal(stub.maxInFlight, 3);
    });
  });
});
