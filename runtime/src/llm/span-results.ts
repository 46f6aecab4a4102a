import type { ConversionTask, LabelsResult } from '../contracts';
import { labelElements, regionId, type XmlElement } from '../conversion';
import type { EntitySpan } from './entity-spans';

/** Names in the label configs of the text converters; results refer to them. */
export const TEXT_OBJECT_NAME = 'text';
export const SPAN_CONTROL_NAME = 'label';

/** `<Text name="text" value="$text"/>`: reads `data.text`, the exact string offsets count in. */
export const textObjectElement: XmlElement = {
  tag: 'Text',
  attributes: { name: TEXT_OBJECT_NAME, value: '$text' },
};

/** `<Labels>` over the text with one `<Label>` per entity type of the task. */
export function spanLabelsElement(task: ConversionTask): XmlElement {
  return {
    tag: 'Labels',
    attributes: { name: SPAN_CONTROL_NAME, toName: TEXT_OBJECT_NAME },
    children: labelElements('Label', task.labels.entities ?? []),
  };
}

/**
 * Keeps the spans whose type the task offers, once each, ordered by position; `dropped` gets a
 * line for every other one.
 */
export function acceptedSpans(
  task: ConversionTask,
  spans: readonly EntitySpan[],
  dropped: string[],
): EntitySpan[] {
  const allowed = new Set(task.labels.entities ?? []);
  const byKey = new Map<string, EntitySpan>();
  for (const span of spans) {
    if (!allowed.has(span.type)) {
      dropped.push(
        `span ${JSON.stringify(span.text)} has type "${span.type}", not a label of the task`,
      );
      continue;
    }
    byKey.set(spanKey(span), span);
  }
  return [...byKey.values()].sort(
    (a, b) => a.start - b.start || a.end - b.end || compare(a.type, b.type),
  );
}

export function spanKey(span: EntitySpan): string {
  return `${span.type}\u0000${span.start}\u0000${span.end}`;
}

/** One `labels` result per span; ids `span-f<file>-<n>` follow the order of `spans`. */
export function spanResults(fileId: number, spans: readonly EntitySpan[]): LabelsResult[] {
  return spans.map((span, index) => ({
    id: regionId('span', fileId, index),
    from_name: SPAN_CONTROL_NAME,
    to_name: TEXT_OBJECT_NAME,
    type: 'labels',
    value: { start: span.start, end: span.end, text: span.text, labels: [span.type] },
  }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
