import { z } from 'zod';
import type { DropList } from './dropped';
import type { EntityMention } from './entity-spans';
import { truncate } from './redact';

const mentionSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  type: z.string(),
  text: z.string().refine((text) => text.trim() !== '', 'is empty'),
  occurrence: z.number().int().positive().nullish(),
});

export interface AnsweredMention extends EntityMention {
  /** The model's own name for the mention, used by its relations; absent for NER. */
  readonly id?: string;
}

/**
 * Reads the `entities` array of an answer item by item: an item of the wrong shape is dropped
 * as malformed and the others are kept, rather than failing the whole file for one slip.
 */
export function readMentions(items: readonly unknown[], drops: DropList): AnsweredMention[] {
  const mentions: AnsweredMention[] = [];
  items.forEach((item, index) => {
    const parsed = mentionSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      drops.add(
        'malformed',
        `entity #${index + 1} ${truncate(JSON.stringify(item) ?? String(item), 80)}: ${where}${issue?.message}`,
      );
      return;
    }
    const { id, type, text, occurrence } = parsed.data;
    mentions.push({ type, text, occurrence, ...(id === undefined ? {} : { id: String(id) }) });
  });
  return mentions;
}
