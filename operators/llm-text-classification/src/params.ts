import { z } from 'zod';
import { llmParamsShape, nameList, parseParamsWith } from '@autoannotate/runtime/llm/params';

const schema = z.strictObject({
  ...llmParamsShape,
  /** The labels offered to the model; its answer is matched to these, ignoring case. */
  labels: nameList('label'),
  /** Any number of labels per text (possibly none) instead of exactly one. */
  multiLabel: z.boolean().default(false),
});

export type ClassificationParams = z.output<typeof schema>;

export const paramsJsonSchema = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;

export function parseParams(raw: unknown): ClassificationParams {
  return parseParamsWith(schema, raw);
}
