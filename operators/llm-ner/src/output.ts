import { z } from 'zod';
import type { DropSummary } from '@autoannotate/runtime/llm/dropped';
import type { EntitySpan } from '@autoannotate/runtime/llm/entity-spans';
import { dropSummarySchema, entitySpanSchema } from '@autoannotate/runtime/llm/output-shapes';

/** What the NER operator gives for one file. */
export interface NerOutput {
  /** Spans in Unicode code points of the file's text, end exclusive, ordered by position. */
  readonly entities: readonly EntitySpan[];
  /** Mentions left out (unknown type, not in the text, overlapping, malformed), with counts. */
  readonly dropped: DropSummary;
}

export const nerOutputSchema = z.object({
  entities: z.array(entitySpanSchema),
  dropped: dropSummarySchema,
});
