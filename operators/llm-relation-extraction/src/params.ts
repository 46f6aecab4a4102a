import { z } from 'zod';
import { LabelMatcher, findCaseInsensitiveDuplicate } from '@autoannotate/runtime/llm/label-match';
import { llmParamsShape, nameList, parseParamsWith } from '@autoannotate/runtime/llm/params';

/** A relation type and, optionally, the entity types allowed at its head and tail. */
export interface RelationRule {
  readonly name: string;
  /** Entity types the relation may start from; absent = any. */
  readonly head?: readonly string[];
  /** Entity types the relation may point to; absent = any. */
  readonly tail?: readonly string[];
}

const typeList = z.array(z.string().trim().min(1)).min(1);

const relationType = z.union([
  z.string().trim().min(1, 'a relation type name must not be empty'),
  z.strictObject({
    name: z.string().trim().min(1),
    head: typeList.optional(),
    tail: typeList.optional(),
  }),
]);

const schema = z
  .strictObject({
    ...llmParamsShape,
    entityTypes: nameList('entity type').describe(
      'entity types the model may use, e.g. ["PER", "ORG"]',
    ),
    relationTypes: z
      .array(relationType)
      .min(1, 'give at least one relation type')
      .describe('"works_for" or { "name": "works_for", "head": ["PER"], "tail": ["ORG"] }'),
  })
  .superRefine((params, context) => {
    const names = params.relationTypes.map((rule) => (typeof rule === 'string' ? rule : rule.name));
    const duplicate = findCaseInsensitiveDuplicate(names);
    if (duplicate !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['relationTypes', duplicate],
        message: `relation type "${names[duplicate]}" is listed twice (names are matched ignoring case)`,
      });
    }
    const entityTypes = new LabelMatcher(params.entityTypes);
    params.relationTypes.forEach((rule, index) => {
      if (typeof rule === 'string') return;
      for (const end of ['head', 'tail'] as const) {
        rule[end]?.forEach((type, position) => {
          if (entityTypes.match(type) !== undefined) return;
          context.addIssue({
            code: 'custom',
            path: ['relationTypes', index, end, position],
            message: `"${type}" is not one of the entityTypes: ${entityTypes.describe()}`,
          });
        });
      }
    });
  });

export interface RelationParams {
  readonly modelId: string;
  readonly instructions?: string;
  readonly entityTypes: readonly string[];
  readonly relationTypes: readonly RelationRule[];
}

export const paramsJsonSchema = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;

/** Validates the params and spells every head/tail type as in `entityTypes`. */
export function parseParams(raw: unknown): RelationParams {
  const parsed = parseParamsWith(schema, raw);
  const entityTypes = new LabelMatcher(parsed.entityTypes);
  const canonical = (types: readonly string[] | undefined): string[] | undefined =>
    types?.map((type) => entityTypes.match(type)!);
  return {
    modelId: parsed.modelId,
    ...(parsed.instructions === undefined ? {} : { instructions: parsed.instructions }),
    entityTypes: parsed.entityTypes,
    relationTypes: parsed.relationTypes.map((rule) => {
      if (typeof rule === 'string') return { name: rule };
      const head = canonical(rule.head);
      const tail = canonical(rule.tail);
      return { name: rule.name, ...(head ? { head } : {}), ...(tail ? { tail } : {}) };
    }),
  };
}
