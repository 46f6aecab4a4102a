import type { LabelSet, OperatorPlugin } from '@autoannotate/runtime/contracts';
import { readInputText } from '@autoannotate/runtime/llm/input-text';
import { LazyChatClient } from '@autoannotate/runtime/llm/lazy-chat-client';
import { readClassification } from './answer';
import type { ClassificationOutput } from './output';
import { paramsJsonSchema, parseParams, type ClassificationParams } from './params';
import { PACKAGE_VERSION } from './package-version';
import { classificationPrompt } from './prompt';

export const OPERATOR_NAME = 'llm-text-classification';

export const operator: OperatorPlugin<ClassificationParams, ClassificationOutput> = {
  spec: {
    name: OPERATOR_NAME,
    version: PACKAGE_VERSION,
    description: 'Labels each text file with one (or several) of the given labels, asking an LLM.',
    inputKinds: ['text'],
    parseParams,
    paramsSchema: paramsJsonSchema,
  },

  async create(context, params) {
    // The model config is read on the first file, not here, as the ModelConfigSource contract
    // asks: once per run, and only by a run that gets as far as calling the model.
    const chat = new LazyChatClient(context, params.modelId);
    const labels: LabelSet = { choices: params.labels };
    return {
      labels,
      modelVersion: `${OPERATOR_NAME}:${params.modelId}`,
      async execute(input) {
        const client = await chat.get();
        const text = await readInputText(input.file);
        const answer = await client.completeJson(classificationPrompt(params, text), input.signal);
        return readClassification(answer, params);
      },
    };
  },
};
