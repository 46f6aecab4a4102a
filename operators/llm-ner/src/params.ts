import { z } from 'zod';
import { llmParamsShape, nameList, parseParamsWith } from '@autoannotate/runtime/llm/params';

const schema = z.strictObject({
  ...llmParamsShape,
  /** Entity types the model may use, e.g. `["PER", "ORG", "LOC"]`; others are dropped. */
  entityTypes: nameList('entity type'),
});

export type NerParams = z.output<typeof schema>;

export const paramsJsonSchema = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;

export function parseParams(raw: unknown): NerParams {
  return parseParamsWith(schema, raw);
}
