import assert from 'node:assert/strict';
import {
  ErrorCodes,
  StorageError,
  type ModelConfig,
  type ModelConfigSource,
} from '@autoannotate/runtime';
import { operator as classification } from '@autoannotate/operator-llm-text-classification';
import { operator as relations } from '@autoannotate/operator-llm-relation-extraction';
import { OpenAiStubServer, jsonAnswer } from '../helpers/openai-stub-server';
import {
  CountingModelConfigs,
  inputOf,
  operatorContext,
  stubModel,
  textFile,
} from './llm-fixtures';

type Coded = Error & { code?: string };

describe('model configs of the LLM operators', () => {
  let stub: OpenAiStubServer;
  beforeEach(async () => {
    stub = await OpenAiStubServer.start();
  });
  afterEach(async () => stub.close());

  const sentimentParams = (modelId: string) =>
    classification.spec.parseParams({ modelId, labels: ['positive', 'negative'] });

  it('reads the model config on the first file, once per run, not when created', async () => {
    stub.handle(() => jsonAnswer({ label: 'positive' }));
    const model = stubModel(stub);
    const configs = new CountingModelConfigs([model]);
    const instance = await classification.create(
      operatorContext(configs),
      sentimentParams(model.modelId),
    );
    assert.equal(configs.readsOf(model.modelId), 0);

    await Promise.all([1, 2, 3].map((i) => instance.execute(inputOf(textFile(`text ${i}`)))));
    await instance.execute(inputOf(textFile('text 4')));
    assert.equal(configs.readsOf(model.modelId), 1);
    assert.equal(stub.requests.length, 4);
  });

  it('ends the task with an error naming a model that is not configured', async () => {
    const configs = new CountingModelConfigs([]);
    const params = relations.spec.parseParams({
      modelId: 'gpt-missing',
      entityTypes: ['PER'],
      relationTypes: ['knows'],
    });
    const instance = await relations.create(operatorContext(configs), params);
    for (const name of ['a.txt', 'b.txt']) {
      await assert.rejects(
        instance.execute(inputOf(textFile('Ada knows Bob.', name))),
        (error: Coded) => {
          assert.equal(error.code, ErrorCodes.MODEL_CONFIG);
          assert.match(error.message, /"gpt-missing"/);
          return true;
        },
      );
    }
    assert.equal(configs.readsOf('gpt-missing'), 1);
    assert.equal(stub.requests.length, 0);
  });

  it('ends the task with an error naming a disabled model', async () => {
    const model = stubModel(stub, {}, { enabled: false });
    const instance = await classification.create(
      operatorContext(new CountingModelConfigs([model])),
      sentimentParams(model.modelId),
    );
    await assert.rejects(instance.execute(inputOf(textFile('x'))), (error: Coded) => {
      assert.equal(error.code, ErrorCodes.MODEL_CONFIG);
      assert.equal(error.message, `model config "${model.modelId}" is disabled`);
      return true;
    });
    assert.equal(stub.requests.length, 0);
  });

  it('names the option of a model config that is wrong', async () => {
    const model = stubModel(stub, { timeoutMs: -5 });
    const instance = await classification.create(
      operatorContext(new CountingModelConfigs([model])),
      sentimentParams(model.modelId),
    );
    await assert.rejects(instance.execute(inputOf(textFile('x'))), (error: Coded) => {
      assert.equal(error.code, ErrorCodes.MODEL_CONFIG);
      assert.match(
        error.message,
        new RegExp(`model config "${model.modelId}": options\\.timeoutMs: `),
      );
      return true;
    });
  });

  it('refuses a base_url that is not an http URL', async () => {
    const model = stubModel(stub, {}, { baseUrl: 'localhost:8000/v1' });
    const instance = await classification.create(
      operatorContext(new CountingModelConfigs([model])),
      sentimentParams(model.modelId),
    );
    await assert.rejects(
      instance.execute(inputOf(textFile('x'))),
      /base_url "localhost:8000\/v1" is not an http\(s\) URL/,
    );
  });

  it('reads the config again on the next file after a read failure that is not a config problem', async () => {
    stub.handle(() => jsonAnswer({ label: 'negative' }));
    const model = stubModel(stub);
    let reads = 0;
    const flaky: ModelConfigSource = {
      async get(): Promise<ModelConfig> {
        reads += 1;
        if (reads === 1) throw new StorageError('database connection lost');
        return model;
      },
    };
    const instance = await classification.create(
      operatorContext(flaky),
      sentimentParams(model.modelId),
    );
    await assert.rejects(instance.execute(inputOf(textFile('first'))), /database connection lost/);
    assert.deepEqual((await instance.execute(inputOf(textFile('second')))).labels, ['negative']);
    await instance.execute(inputOf(textFile('third')));
    assert.equal(reads, 2);
  });

  it('refuses a model answer with a 401 as a config problem', async () => {
    stub.handle(() => ({ status: 401, body: { error: { message: 'invalid api key' } } }));
    const model = stubModel(stub);
    const instance = await classification.create(
      operatorContext(new CountingModelConfigs([model])),
      sentimentParams(model.modelId),
    );
    await assert.rejects(instance.execute(inputOf(textFile('x'))), (error: Coded) => {
      assert.equal(error.code, ErrorCodes.MODEL_CONFIG);
      assert.match(error.message, /the endpoint refused the API key \(401 invalid api key\)/);
      return true;
    });
  });
});
