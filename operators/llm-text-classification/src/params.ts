import { z } from 'zod';
import { llmParamsShape, nameList, parseParamsWith } from '@autoannotate/runtime/llm/params';

const schema = z.strictObject({
  ...llmParamsShape,
  labels: nameList('label').describe(
    'labels offered to the model; its answer is matched to these, ignoring case',
  ),
  multiLabel: z
    .boolean()
    .default(false)
    .describe('any number of labels per text (possibly none) instead of one'),
});

export type ClassificationParams = z.output<typeof schema>;

export const paramsJsonSchema = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;

export function parseParams(raw: unknown): ClassificationParams {
  return parseParamsWith(schema, raw);
}
