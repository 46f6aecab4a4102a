import type { ConverterPlugin, RelationResult } from '@autoannotate/runtime/contracts';
import { labelElements, regionId, renderLabelConfig } from '@autoannotate/runtime/conversion';
import type { EntitySpan } from '@autoannotate/runtime/llm/entity-spans';
import { outputsOf } from '@autoannotate/runtime/llm/output-shapes';
import {
  acceptedSpans,
  spanKey,
  spanLabelsElement,
  spanResults,
  textObjectElement,
} from '@autoannotate/runtime/llm/span-results';
import { OPERATOR_NAME } from './operator';
import { relationOutputSchema } from './output';
import { PACKAGE_VERSION } from './package-version';

interface SpanLink {
  readonly type: string;
  readonly head: EntitySpan;
  readonly tail: EntitySpan;
}

export const converter: ConverterPlugin = {
  spec: {
    name: OPERATOR_NAME,
    version: PACKAGE_VERSION,
    taskType: 'relation-extraction',
    reads: [OPERATOR_NAME],
    description: 'Label Studio labels spans over <Text name="text"> and relations between them.',
  },

  labelConfig(task) {
    return renderLabelConfig({
      tag: 'View',
      children: [
        { tag: 'Relations', children: labelElements('Relation', task.labels.relations ?? []) },
        spanLabelsElement(task),
        textObjectElement,
      ],
    });
  },

  convert(task, { file }, outputs) {
    const dropped: string[] = [];
    const found: EntitySpan[] = [];
    const links: SpanLink[] = [];
    for (const output of outputsOf(OPERATOR_NAME, relationOutputSchema, outputs, dropped)) {
      dropped.push(...output.dropped.items.map((item) => item.message));
      found.push(...output.entities);
      for (const { type, head, tail } of output.relations) {
        links.push({ type, head: output.entities[head]!, tail: output.entities[tail]! });
      }
    }
    const spans = acceptedSpans(task, found, dropped);
    const spanIndex = new Map(spans.map((span, index) => [spanKey(span), index]));

    // Label Studio keeps one relation per (from, to) pair, so types of one pair share it.
    const offered = task.labels.relations ?? [];
    const typesOfPair = new Map<string, { from: number; to: number; types: Set<string> }>();
    for (const link of links) {
      const from = spanIndex.get(spanKey(link.head));
      const to = spanIndex.get(spanKey(link.tail));
      if (!offered.includes(link.type)) {
        dropped.push(`relation "${link.type}" is not a relation label of the task`);
      } else if (from === undefined || to === undefined) {
        dropped.push(
          `relation "${link.type}" from "${link.head.text}" to "${link.tail.text}" lost an end`,
        );
      } else {
        const pair = typesOfPair.get(`${from}:${to}`) ?? { from, to, types: new Set<string>() };
        pair.types.add(link.type);
        typesOfPair.set(`${from}:${to}`, pair);
      }
    }
    const relations: RelationResult[] = [...typesOfPair.values()]
      .sort((a, b) => a.from - b.from || a.to - b.to)
      .map(({ from, to, types }) => ({
        type: 'relation',
        from_id: regionId('span', file.id, from),
        to_id: regionId('span', file.id, to),
        direction: 'right',
        labels: offered.filter((name) => types.has(name)),
      }));
    return {
      results: [...spanResults(file.id, spans), ...relations],
      regionCount: spans.length,
      dropped,
    };
  },

  async taskData(_file, readText) {
    return { text: await readText() };
  },
};
