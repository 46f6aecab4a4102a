import type { OperatorPlugin } from '@autoannotate/runtime/contracts';
import { readInputText } from '@autoannotate/runtime/llm/input-text';
import { LazyChatClient } from '@autoannotate/runtime/llm/lazy-chat-client';
import { readEntities } from './answer';
import type { NerOutput } from './output';
import { paramsJsonSchema, parseParams, type NerParams } from './params';
import { PACKAGE_VERSION } from './package-version';
import { nerPrompt } from './prompt';

export const OPERATOR_NAME = 'llm-ner';

export const operator: OperatorPlugin<NerParams, NerOutput> = {
  spec: {
    name: OPERATOR_NAME,
    version: PACKAGE_VERSION,
    description: 'Marks named entities of the given types in each text file, asking an LLM.',
    inputKinds: ['text'],
    parseParams,
    paramsSchema: paramsJsonSchema,
  },

  async create(context, params) {
    // The model config is read on the first file, not here, as the ModelConfigSource contract
    // asks: once per run, and only by a run that gets as far as calling the model.
    const chat = new LazyChatClient(context, params.modelId);
    return {
      labels: { entities: params.entityTypes },
      modelVersion: `${OPERATOR_NAME}:${params.modelId}`,
      async execute(input) {
        const client = await chat.get();
        const text = await readInputText(input.file);
        const answer = await client.completeJson(nerPrompt(params, text), input.signal);
        return readEntities(answer, params, text);
      },
    };
  },
};
