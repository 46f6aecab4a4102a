import { z } from 'zod';
import type { DropSummary } from '@autoannotate/runtime/llm/dropped';
import type { EntitySpan } from '@autoannotate/runtime/llm/entity-spans';
import { dropSummarySchema, entitySpanSchema } from '@autoannotate/runtime/llm/output-shapes';

/** A relation between two spans of `entities`, by index, from head to tail. */
export interface ExtractedRelation {
  readonly type: string;
  readonly head: number;
  readonly tail: number;
}

/** What the relation-extraction operator gives for one file. */
export interface RelationOutput {
  /** Spans in Unicode code points of the file's text, end exclusive, ordered by position. */
  readonly entities: readonly EntitySpan[];
  /** Each (type, head, tail) once; head and tail are indices into `entities`. */
  readonly relations: readonly ExtractedRelation[];
  /** Entities and relations left out, with why, and counts per reason. */
  readonly dropped: DropSummary;
}

export const relationOutputSchema = z
  .object({
    entities: z.array(entitySpanSchema),
    relations: z.array(
      z.object({ type: z.string(), head: z.number().int().min(0), tail: z.number().int().min(0) }),
    ),
    dropped: dropSummarySchema,
  })
  .refine(
    (output) =>
      output.relations.every(
        (r) => r.head < output.entities.length && r.tail < output.entities.length,
      ),
    'a relation points past the entities',
  );
