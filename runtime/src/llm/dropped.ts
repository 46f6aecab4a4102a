/** Why an item of a model's answer was not kept. */
export type DropReason =
  | 'unknown-label'
  | 'unknown-type'
  | 'not-found'
  | 'overlap'
  | 'unknown-relation-type'
  | 'type-constraint'
  | 'unknown-end'
  | 'self-relation'
  | 'malformed';

export interface DroppedItem {
  readonly reason: DropReason;
  /** One sentence naming the item and the reason, for the file's record and the log. */
  readonly message: string;
}

/** The items an operator left out of its output, and how many per reason. */
export interface DropSummary {
  readonly items: readonly DroppedItem[];
  readonly counts: Readonly<Partial<Record<DropReason, number>>>;
}

/** Collects dropped items while an answer is read. */
export class DropList {
  private readonly items: DroppedItem[] = [];

  add(reason: DropReason, message: string): void {
    this.items.push({ reason, message });
  }

  summary(): DropSummary {
    const counts: Partial<Record<DropReason, number>> = {};
    for (const item of this.items) counts[item.reason] = (counts[item.reason] ?? 0) + 1;
    return { items: [...this.items], counts };
  }
}
