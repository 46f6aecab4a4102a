import { z } from 'zod';
import { OutputError } from '@autoannotate/runtime/errors/errors';
import { DropList } from '@autoannotate/runtime/llm/dropped';
import { readMentions } from '@autoannotate/runtime/llm/entity-answer';
import { resolveEntities, type ResolvedEntities } from '@autoannotate/runtime/llm/entity-spans';
import { LabelMatcher } from '@autoannotate/runtime/llm/label-match';
import { truncate } from '@autoannotate/runtime/llm/redact';
import type { ExtractedRelation, RelationOutput } from './output';
import type { RelationParams, RelationRule } from './params';
import { closestPair, mentionFinder } from './relation-ends';

const relationItem = z.object({
  type: z.string(),
  head: z.union([z.string(), z.number()]).transform(String),
  tail: z.union([z.string(), z.number()]).transform(String),
});

/**
 * Reads `{"entities": [...], "relations": [...]}`: entities are placed in the text as for NER;
 * a relation is kept only when its type is offered, both ends are kept entities and their
 * types fit the relation's head and tail rules.
 */
export function readRelations(
  answer: unknown,
  params: RelationParams,
  text: string,
): RelationOutput {
  const { entityItems, relationItems } = answerLists(answer);
  const drops = new DropList();
  const mentions = readMentions(entityItems, drops);
  const resolved = resolveEntities(text, mentions, new LabelMatcher(params.entityTypes), drops);
  const findMention = mentionFinder(mentions);
  const relationNames = new LabelMatcher(params.relationTypes.map((rule) => rule.name));
  const rules = new Map(params.relationTypes.map((rule) => [rule.name, rule]));

  const kept = new Map<string, ExtractedRelation>();
  relationItems.forEach((item, index) => {
    const parsed = relationItem.safeParse(item);
    if (!parsed.success) {
      drops.add(
        'malformed',
        `relation #${index + 1} ${truncate(JSON.stringify(item) ?? '', 80)}: ${parsed.error.issues[0]?.message}`,
      );
      return;
    }
    const { type, head, tail } = parsed.data;
    const name = relationNames.match(type);
    if (name === undefined) {
      drops.add(
        'unknown-relation-type',
        `relation "${type}" is not one of: ${relationNames.describe()}`,
      );
      return;
    }
    const heads = spansOfEnd(name, 'head', head, findMention, resolved, drops);
    const tails = spansOfEnd(name, 'tail', tail, findMention, resolved, drops);
    if (heads === undefined || tails === undefined) return;
    if (!fitsRule(rules.get(name)!, resolved, heads, tails, head, tail, drops)) return;
    const pair = closestPair(resolved.entities, heads, tails);
    if (pair === undefined) {
      drops.add('self-relation', `relation "${name}" links "${head}" to itself`);
      return;
    }
    kept.set(`${name}\u0000${pair.head}\u0000${pair.tail}`, { type: name, ...pair });
  });

  const relations = [...kept.values()].sort(
    (a, b) => a.head - b.head || a.tail - b.tail || (a.type < b.type ? -1 : 1),
  );
  return { entities: resolved.entities, relations, dropped: drops.summary() };
}

function answerLists(answer: unknown): { entityItems: unknown[]; relationItems: unknown[] } {
  const record = answer as Record<string, unknown>;
  const entityItems = record['entities'];
  const relationItems = record['relations'] ?? [];
  if (!Array.isArray(entityItems) || !Array.isArray(relationItems)) {
    throw new OutputError(
      `model answered ${truncate(JSON.stringify(answer), 200)}, without "entities" and "relations" lists`,
    );
  }
  return { entityItems, relationItems };
}

function spansOfEnd(
  relation: string,
  end: 'head' | 'tail',
  reference: string,
  findMention: (end: string) => number | undefined,
  resolved: ResolvedEntities,
  drops: DropList,
): readonly number[] | undefined {
  const mention = findMention(reference);
  if (mention === undefined) {
    drops.add(
      'unknown-end',
      `relation "${relation}": ${end} "${reference}" names no entity of the answer`,
    );
    return undefined;
  }
  const spans = resolved.spansOfMention[mention] ?? [];
  if (spans.length === 0) {
    drops.add(
      'unknown-end',
      `relation "${relation}": ${end} "${reference}" is an entity that was dropped`,
    );
    return undefined;
  }
  return spans;
}

function fitsRule(
  rule: RelationRule,
  resolved: ResolvedEntities,
  heads: readonly number[],
  tails: readonly number[],
  head: string,
  tail: string,
  drops: DropList,
): boolean {
  const headType = resolved.entities[heads[0]!]!.type;
  const tailType = resolved.entities[tails[0]!]!.type;
  const problems = [
    rule.head && !rule.head.includes(headType)
      ? `head "${head}" is ${headType}, not ${rule.head.join(' or ')}`
      : '',
    rule.tail && !rule.tail.includes(tailType)
      ? `tail "${tail}" is ${tailType}, not ${rule.tail.join(' or ')}`
      : '',
  ].filter((problem) => problem !== '');
  if (problems.length === 0) return true;
  drops.add('type-constraint', `relation "${rule.name}": ${problems.join('; ')}`);
  return false;
}
