import { z } from 'zod';
import { llmParamsShape, nameList, parseParamsWith } from '@autoannotate/runtime/llm/params';

const schema = z.strictObject({
  ...llmParamsShape,
  entityTypes: nameList('entity type').describe(
    'entity types the model may use, e.g. ["PER", "ORG"]',
  ),
});

export type NerParams = z.output<typeof schema>;

export const paramsJsonSchema = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;

export function parseParams(raw: unknown): NerParams {
  return parseParamsWith(schema, raw);
}
