import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ChoicesResult } from '@autoannotate/runtime';
import { makeHarness, repoRoot, type Harness } from '../helpers/harness';
import {
  OpenAiStubServer,
  errorReply,
  jsonAnswer,
  type StubReply,
} from '../helpers/openai-stub-server';
import { tempDir } from '../helpers/temp';

/** The workspace package, by path: the test manifest lives in a temporary home. */
const CLASSIFIER = { path: path.join(repoRoot, 'operators', 'llm-text-classification') };

/** Writes one text file per entry; the name says what the stand-in model will do with it. */
function textFolder(texts: Record<string, string>): string {
  const dir = tempDir('aa-llm-task-');
  for (const [name, text] of Object.entries(texts)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('a classification task against a stand-in endpoint', () => {
  let stub: OpenAiStubServer;
  let h: Harness;
  beforeEach(async () => {
    stub = await OpenAiStubServer.start();
    h = await makeHarness({ operators: [CLASSIFIER] });
  });
  afterEach(async () => {
    await h?.close();
    await stub.close();
  });

  async function runTask(options: Record<string, unknown>, folder: string) {
    await h.store.upsertModelConfig({
      modelId: 'sentiment-llm',
      baseUrl: stub.baseUrl,
      apiKey: 'sk-task-key',
      modelName: 'stub-chat',
      options,
      enabled: true,
    });
    const task = await h.submit(folder, 'text-classification', [
      {
        operator: 'llm-text-classification',
        params: { modelId: 'sentiment-llm', labels: ['positive', 'negative'] },
      },
    ]);
    await h.host.runUntilIdle();
    const done = (await h.store.getTask(task.id))!;
    const project = (await h.store.getProjectForTask(task.id))!;
    const results = await h.store.listResults(project.id, { afterFileId: 0, limit: 100 });
    const failures = await h.store.listFailures(task.id);
    return { done, results, failures };
  }

  const choicesOf = (results: Array<{ result: unknown }>) =>
    results.map((r) =>
      ((r.result as { result: ChoicesResult[] }).result[0]?.value.choices ?? []).join(),
    );

  it('stores a matched label and records a label that was not offered as a failed file (C-11)', async () => {
    stub.handle((request) => {
      const text = String(request.body.messages[1].content);
      return jsonAnswer({
        label: text.includes('grey') ? 'neutral' : text.includes('sun') ? 'Positive' : 'negative',
      });
    });
    const folder = textFolder({ 'a.txt': 'sun all day', 'b.txt': 'grey sky', 'c.txt': 'storm' });
    const { done, results, failures } = await runTask({ maxRetries: 0 }, folder);

    assert.equal(done.status, 'completed');
    assert.equal(done.processedImages, 3);
    assert.equal(done.failedImages, 1);
    assert.deepEqual(choicesOf(results).sort(), ['negative', 'positive']);
    assert.equal(failures.length, 1);
    assert.equal(failures[0]?.filePath, 'b.txt');
    assert.match(failures[0]!.reason, /model answered "neutral", not one of: positive, negative/);
  });

  it('completes with the right counts when one call hangs and another is rate limited (C-13)', async function () {
    this.timeout(30_000);
    let rateLimited = 0;
    stub.handle((request): StubReply => {
      const text = String(request.body.messages[1].content);
      if (text.includes('hang')) return { hang: true };
      if (text.includes('busy') && rateLimited < 2) {
        rateLimited += 1;
        return errorReply(429, 'slow down', { 'retry-after': '1' });
      }
      return jsonAnswer({ label: 'positive' });
    });
    const folder = textFolder({
      '1.txt': 'one',
      '2.txt': 'please hang',
      '3.txt': 'busy',
      '4.txt': 'four',
      '5.txt': 'five',
      '6.txt': 'six',
    });
    const { done, results, failures } = await runTask({ timeoutMs: 400, maxRetries: 2 }, folder);

    assert.equal(done.status, 'completed');
    assert.equal(done.processedImages, 6);
    assert.equal(done.failedImages, 1);
    assert.equal(results.length, 5);
    assert.deepEqual(
      failures.map((f) => f.filePath),
      ['2.txt'],
    );
    assert.match(failures[0]!.reason, /no answer within 400 ms, given up after 3 attempts/);
    assert.equal(rateLimited, 2);
  });
});
