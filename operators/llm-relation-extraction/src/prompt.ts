import type { ChatPrompt } from '@autoannotate/runtime/llm/chat-client';
import type { RelationParams, RelationRule } from './params';

const MENTION_RULES = [
  'Copy each mention exactly as it is written in the text, character for character.',
  'Give each entity an "id" of your own choosing, unique in the answer; relations refer to these ids.',
  'When the same text occurs several times and one occurrence is meant, add "occurrence": n (1 = first).',
  'Do not give character offsets.',
].join('\n');

export function relationPrompt(params: RelationParams, text: string): ChatPrompt {
  return {
    system: [
      'You mark entities and the relations between them in texts for a dataset.',
      `Entity types: ${JSON.stringify(params.entityTypes)}.`,
      `Relation types: ${params.relationTypes.map(describeRule).join('; ')}.`,
      'A relation goes from its head entity to its tail entity.',
      ...(params.instructions === undefined
        ? []
        : [`Guidance from the dataset's author: ${params.instructions}`]),
      'Answer with one JSON object and nothing else, shaped',
      '{"entities": [{"id": "e1", "type": "<entity type>", "text": "<mention>"}, ...],',
      ' "relations": [{"type": "<relation type>", "head": "<entity id>", "tail": "<entity id>"}, ...]}',
      MENTION_RULES,
    ].join('\n'),
    user: text,
  };
}

function describeRule(rule: RelationRule): string {
  const ends = [
    rule.head ? `head: ${rule.head.join(' or ')}` : undefined,
    rule.tail ? `tail: ${rule.tail.join(' or ')}` : undefined,
  ].filter((part) => part !== undefined);
  return ends.length === 0
    ? JSON.stringify(rule.name)
    : `${JSON.stringify(rule.name)} (${ends.join(', ')})`;
}
