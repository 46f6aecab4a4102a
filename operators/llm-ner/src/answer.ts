import { OutputError } from '@autoannotate/runtime/errors/errors';
import { DropList } from '@autoannotate/runtime/llm/dropped';
import { readMentions } from '@autoannotate/runtime/llm/entity-answer';
import { resolveEntities } from '@autoannotate/runtime/llm/entity-spans';
import { LabelMatcher } from '@autoannotate/runtime/llm/label-match';
import { truncate } from '@autoannotate/runtime/llm/redact';
import type { NerOutput } from './output';
import type { NerParams } from './params';

/** Reads `{"entities": [...]}` (or a bare list) and places every mention in the text. */
export function readEntities(answer: unknown, params: NerParams, text: string): NerOutput {
  const items = entityItems(answer);
  const drops = new DropList();
  const mentions = readMentions(items, drops);
  const { entities } = resolveEntities(text, mentions, new LabelMatcher(params.entityTypes), drops);
  return { entities, dropped: drops.summary() };
}

/** The list of entity items of an answer; an answer without one fails the file. */
export function entityItems(answer: unknown): unknown[] {
  if (Array.isArray(answer)) return answer;
  const entities = (answer as Record<string, unknown>)['entities'];
  if (Array.isArray(entities)) return entities;
  throw new OutputError(
    `model answered ${truncate(JSON.stringify(answer), 200)}, without an "entities" list`,
  );
}
