import type { ChatPrompt } from '@autoannotate/runtime/llm/chat-client';
import type { NerParams } from './params';

/** The rules every entity list follows; the runtime finds the offsets, so none are asked for. */
const MENTION_RULES = [
  'Copy each mention exactly as it is written in the text, character for character.',
  'List a mention once: it is marked everywhere it occurs in the text.',
  'Only when just one of several identical mentions is meant, add "occurrence": n (1 = the first).',
  'Do not give character offsets.',
].join('\n');

export function nerPrompt(params: NerParams, text: string): ChatPrompt {
  return {
    system: [
      'You mark named entities in texts for a dataset.',
      `Find the entities of these types in the text the user sends: ${JSON.stringify(params.entityTypes)}.`,
      ...(params.instructions === undefined
        ? []
        : [`Guidance from the dataset's author: ${params.instructions}`]),
      'Answer with one JSON object and nothing else, shaped',
      '{"entities": [{"type": "<entity type>", "text": "<mention>"}, ...]}',
      MENTION_RULES,
    ].join('\n'),
    user: text,
  };
}
