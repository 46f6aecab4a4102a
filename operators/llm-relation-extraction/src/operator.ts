import type { OperatorPlugin } from '@autoannotate/runtime/contracts';
import { readInputText } from '@autoannotate/runtime/llm/input-text';
import { LazyChatClient } from '@autoannotate/runtime/llm/lazy-chat-client';
import { readRelations } from './answer';
import type { RelationOutput } from './output';
import { paramsJsonSchema, parseParams, type RelationParams } from './params';
import { PACKAGE_VERSION } from './package-version';
import { relationPrompt } from './prompt';

export const OPERATOR_NAME = 'llm-relation-extraction';

export const operator: OperatorPlugin<RelationParams, RelationOutput> = {
  spec: {
    name: OPERATOR_NAME,
    version: PACKAGE_VERSION,
    description: 'Marks entities and the relations between them in each text file, asking an LLM.',
    inputKinds: ['text'],
    parseParams,
    paramsSchema: paramsJsonSchema,
  },

  async create(context, params) {
    // The model config is read on the first file, not here, as the ModelConfigSource contract
    // asks: once per run, and only by a run that gets as far as calling the model.
    const chat = new LazyChatClient(context, params.modelId);
    return {
      labels: {
        entities: params.entityTypes,
        relations: params.relationTypes.map((rule) => rule.name),
      },
      modelVersion: `${OPERATOR_NAME}:${params.modelId}`,
      async execute(input) {
        const client = await chat.get();
        const text = await readInputText(input.file);
        const answer = await client.completeJson(relationPrompt(params, text), input.signal);
        return readRelations(answer, params, text);
      },
    };
  },
};
