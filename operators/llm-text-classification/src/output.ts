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

/**
 * Label group that marks a multi-label operator: `{ choices, choiceMode: ['multiple'] }`. The
 * converter only sees the merged labels of the task, so the choice mode travels with them.
 */
export const CHOICE_MODE_GROUP = 'choiceMode';
export const MULTIPLE_CHOICE = 'multiple';
