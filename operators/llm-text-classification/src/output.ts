import { z } from 'zod';
import type { DropSummary } from '@autoannotate/runtime/llm/dropped';
import { dropSummarySchema } from '@autoannotate/runtime/llm/output-shapes';

/** What the classification operator gives for one file. */
export interface ClassificationOutput {
  /** The chosen labels, spelled as in the params; at most one unless `multiLabel`. */
  readonly labels: readonly string[];
  /** Labels the model answered that were not offered (only with `multiLabel`). */
  readonly dropped: DropSummary;
}

export const classificationOutputSchema = z.object({
  labels: z.array(z.string()),
  dropped: dropSummarySchema,
});
