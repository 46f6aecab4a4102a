import assert from 'node:assert/strict';
import { ErrorCodes } from '@autoannotate/runtime';
import { operator } from '@autoannotate/operator-llm-text-classification';
import { capturingLogger } from '../helpers/logs';
import { OpenAiStubServer, errorReply, jsonAnswer } from '../helpers/openai-stub-server';
import {
  CountingModelConfigs,
  inputOf,
  operatorContext,
  stubModel,
  textFile,
} from './llm-fixtures';

const API_KEY = 'sk-live-SECRET-7f3a9c0d1e2b';

describe('the API key of a model config', () => {
  let stub: OpenAiStubServer;
  beforeEach(async () => {
    stub = await OpenAiStubServer.start();
  });
  afterEach(async () => stub.close());

  it('is sent to the endpoint but never logged nor put in an error message', async () => {
    // Endpoints echo the key in error bodies; the stand-in does so in every failure.
    stub.reply(
      jsonAnswer({ label: 'positive' }),
      errorReply(500, `upstream failed for key ${API_KEY}`, { 'retry-after-ms': '5' }),
      errorReply(500, `upstream failed for key ${API_KEY}`, { 'retry-after-ms': '5' }),
      {
        body: {
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: { role: 'assistant', content: `no JSON, ${API_KEY}` },
            },
          ],
        },
      },
      errorReply(401, `Incorrect API key provided: ${API_KEY}.`),
    );
    const { logger, text, lines } = capturingLogger('trace');
    const model = stubModel(stub, { maxRetries: 1 }, { apiKey: API_KEY });
    const context = operatorContext(new CountingModelConfigs([model]), logger);
    const instance = await operator.create(
      context,
      operator.spec.parseParams({ modelId: model.modelId, labels: ['positive'] }),
    );

    await instance.execute(inputOf(textFile('ok')));
    const errors: Array<Error & { code?: string }> = [];
    for (const name of ['retried.txt', 'prose.txt', 'refused.txt']) {
      await instance
        .execute(inputOf(textFile('x', name)))
        .catch((error: Error) => errors.push(error));
    }

    assert.equal(stub.requests[0]?.headers.authorization, `Bearer ${API_KEY}`);
    assert.deepEqual(
      errors.map((error) => error.code),
      [ErrorCodes.OPERATOR_FAILED, ErrorCodes.OUTPUT_INVALID, ErrorCodes.MODEL_CONFIG],
    );
    for (const error of errors) {
      assert.ok(!error.message.includes(API_KEY), error.message);
      assert.match(error.message, /\[redacted\]/);
      assert.ok(!String(error.stack).includes(API_KEY));
      assert.equal(error.cause, undefined);
    }
    // The log did record the calls (so the check below has something to look at).
    assert.ok(lines().some((line) => line['msg'] === 'model answered'));
    assert.ok(lines().some((line) => line['source'] === 'openai' && line['status'] === 500));
    assert.ok(!text().includes(API_KEY));
    assert.ok(!text().includes('SECRET'));
  });
});
