import assert from 'node:assert/strict';
import type { TestDb } from '../support/store-targets';

export function modelConfigCases(db: () => TestDb): void {
  it('inserts, replaces, reads and lists model configs', async () => {
    const store = await db().store();
    const gpt = {
      modelId: 'gpt',
      baseUrl: 'http://127.0.0.1:1/v1',
      apiKey: 'sk-1',
      modelName: 'gpt-x',
      options: { temperature: 0, stop: ['\n'] },
      enabled: true,
    };
    await store.upsertModelConfig(gpt);
    await store.upsertModelConfig({ ...gpt, modelId: 'alpha', enabled: false, options: {} });
    assert.deepEqual(await store.getModelConfig('gpt'), gpt);
    const replaced = {
      ...gpt,
      apiKey: 'sk-2',
      modelName: 'gpt-y',
      options: { temperature: 0.5 },
      enabled: false,
    };
    await store.upsertModelConfig(replaced);
    assert.deepEqual(await store.getModelConfig('gpt'), replaced);
    assert.equal(await store.getModelConfig('missing'), undefined);
    const listed = await store.listModelConfigs();
    assert.deepEqual(
      listed.map((m) => [m.modelId, m.enabled]),
      [
        ['alpha', false],
        ['gpt', false],
      ],
    );
  });
}
