import { z } from 'zod';
import { ParamsError } from '../errors';
import { findCaseInsensitiveDuplicate } from './label-match';

/**
 * Validates pipeline-step params with a zod schema; the error names the field (`labels[2]`) so
 * the task author sees what to fix (the host adds the step and operator).
 */
export function parseParamsWith<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = (issue?.path ?? []).reduce<string>(
    (path, key) =>
      typeof key === 'number'
        ? `${path}[${key}]`
        : path === ''
          ? String(key)
          : `${path}.${String(key)}`,
    '',
  );
  throw new ParamsError(`${field === '' ? 'params' : field}: ${issue?.message ?? 'invalid'}`);
}

/** A non-empty list of names, trimmed, with no two equal once case is ignored. */
export function nameList(what: string) {
  return z
    .array(z.string().trim().min(1, `a ${what} name must not be empty`))
    .min(1, `give at least one ${what}`)
    .superRefine((names, context) => {
      const duplicate = findCaseInsensitiveDuplicate(names);
      if (duplicate !== undefined) {
        context.addIssue({
          code: 'custom',
          message: `${what} "${names[duplicate]}" is listed twice (names are matched ignoring case)`,
          path: [duplicate],
        });
      }
    });
}

/** Params every LLM operator takes. */
export const llmParamsShape = {
  modelId: z
    .string()
    .trim()
    .min(1, 'name the model config to use')
    .describe('model_id of the t_model_config row to call'),
  instructions: z
    .string()
    .trim()
    .max(4000)
    .optional()
    .describe('guidance added to the prompt, e.g. what counts as positive'),
};
