import { z } from 'zod';
import type { StepOutput } from '../contracts';

/**
 * Shapes of the LLM operators' outputs, checked by their converters: outputs may have crossed a
 * thread or a database row, and a converter must not write what it cannot vouch for.
 */
export const entitySpanSchema = z
  .object({
    type: z.string(),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    text: z.string(),
  })
  .refine((span) => span.end > span.start, 'end must be after start');

export const dropSummarySchema = z.object({
  items: z.array(z.object({ reason: z.string(), message: z.string() })),
  counts: z.record(z.string(), z.number()),
});

/**
 * The outputs of `operator` among a file's step outputs, those of the wrong shape reported in
 * `dropped` rather than converted.
 */
export function outputsOf<S extends z.ZodType>(
  operator: string,
  schema: S,
  outputs: readonly StepOutput[],
  dropped: string[],
): Array<z.output<S>> {
  const found: Array<z.output<S>> = [];
  for (const step of outputs) {
    if (step.operator !== operator) continue;
    const parsed = schema.safeParse(step.output);
    if (parsed.success) found.push(parsed.data);
    else
      dropped.push(
        `output of ${operator} has an unexpected shape: ${parsed.error.issues[0]?.message}`,
      );
  }
  return found;
}
