import fs from 'node:fs';
import path from 'node:path';
import { makeHarness, repoRoot } from '../../helpers/harness';
import { OpenAiStubServer, errorReply, jsonAnswer } from '../../helpers/openai-stub-server';
import { tempDir } from '../../helpers/temp';
import { runAndExport, type ExportedTask } from './exported-task';

export interface LlmTaskRun {
  /** Operator package folder under operators/, also the operator's name (`llm-ner`). */
  readonly operator: string;
  readonly taskType: string;
  /** Step params besides `modelId`. */
  readonly params: Record<string, unknown>;
  /** File name → text of the dataset. */
  readonly texts: Readonly<Record<string, string>>;
  /** What the stand-in model answers for each text (keyed by the text). */
  readonly answers: ReadonlyMap<string, unknown>;
}

/**
 * Runs a real LLM operator over text files through the runtime, its model being a stand-in
 * OpenAI-compatible server on 127.0.0.1 that answers per text, and exports the task.
 */
export async function exportLlmTask(run: LlmTaskRun): Promise<ExportedTask> {
  const stub = (await OpenAiStubServer.start()).handle((request) => {
    const messages = (request.body?.messages ?? []) as Array<{ role: string; content: string }>;
    const text = messages.find((message) => message.role === 'user')?.content ?? '';
    if (!run.answers.has(text)) return errorReply(400, 'stub: no answer for this text');
    return jsonAnswer(run.answers.get(text));
  });
  const h = await makeHarness({
    operators: [{ path: path.join(repoRoot, 'operators', run.operator) }],
  });
  try {
    const modelId = `editor-${run.operator}`;
    await h.store.upsertModelConfig({
      modelId,
      baseUrl: stub.baseUrl,
      apiKey: 'sk-editor-test',
      modelName: 'stub-chat',
      options: { maxRetries: 0, timeoutMs: 10_000 },
      enabled: true,
    });
    const folder = tempDir('aa-texts-');
    for (const [name, text] of Object.entries(run.texts))
      fs.writeFileSync(path.join(folder, name), text);
    return await runAndExport(h, folder, run.taskType, [
      { operator: run.operator, params: { modelId, ...run.params } },
    ]);
  } finally {
    await h.close();
    await stub.close();
  }
}
