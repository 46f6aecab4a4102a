import type { AnsweredMention } from '@autoannotate/runtime/llm/entity-answer';
import type { EntitySpan } from '@autoannotate/runtime/llm/entity-spans';

/**
 * Finds the mention a relation end names: by the entity id the model gave it, else (models
 * sometimes write the entity itself) by its text.
 */
export function mentionFinder(
  mentions: readonly AnsweredMention[],
): (end: string) => number | undefined {
  const byId = new Map<string, number>();
  const byText = new Map<string, number>();
  mentions.forEach((mention, index) => {
    if (mention.id !== undefined && !byId.has(mention.id)) byId.set(mention.id, index);
    const text = mention.text.trim();
    if (!byText.has(text)) byText.set(text, index);
  });
  return (end) => byId.get(end) ?? byText.get(end.trim());
}

/**
 * Picks the spans a relation links when a mention occurs more than once: the closest pair of
 * distinct spans, since a relation is usually stated where both ends are near each other.
 */
export function closestPair(
  entities: readonly EntitySpan[],
  heads: readonly number[],
  tails: readonly number[],
): { head: number; tail: number } | undefined {
  let best: { head: number; tail: number; gap: number } | undefined;
  for (const head of heads) {
    for (const tail of tails) {
      if (head === tail) continue;
      const gap = distance(entities[head]!, entities[tail]!);
      if (best === undefined || gap < best.gap) best = { head, tail, gap };
    }
  }
  return best === undefined ? undefined : { head: best.head, tail: best.tail };
}

function distance(a: EntitySpan, b: EntitySpan): number {
  return Math.max(0, a.start - b.end, b.start - a.end);
}
