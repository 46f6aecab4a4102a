import { OutputError } from '@autoannotate/runtime/errors/errors';
import { DropList } from '@autoannotate/runtime/llm/dropped';
import { LabelMatcher } from '@autoannotate/runtime/llm/label-match';
import { truncate } from '@autoannotate/runtime/llm/redact';
import type { ClassificationOutput } from './output';
import type { ClassificationParams } from './params';

/**
 * Reads the model's answer: `{"label": ...}` or `{"labels": [...]}` (either shape is taken, as
 * models mix them up). Only offered labels are kept; a single-label answer that names anything
 * else fails the file, since storing it would put a label in Label Studio that no one offered.
 */
export function readClassification(
  answer: unknown,
  params: ClassificationParams,
): ClassificationOutput {
  const answered = answeredLabels(answer);
  const matcher = new LabelMatcher(params.labels);
  const offered = `not one of: ${matcher.describe()}`;

  if (!params.multiLabel) {
    if (answered.length !== 1) {
      const what =
        answered.length === 0 ? 'no label' : `${answered.length} labels (${answered.join(', ')})`;
      throw new OutputError(`model answered ${what}; one label is asked for`);
    }
    const label = matcher.match(answered[0]);
    if (label === undefined)
      throw new OutputError(`model answered ${JSON.stringify(answered[0])}, ${offered}`);
    return { labels: [label], dropped: new DropList().summary() };
  }

  const drops = new DropList();
  const chosen = new Set<string>();
  for (const raw of answered) {
    const label = matcher.match(raw);
    if (label === undefined)
      drops.add('unknown-label', `model answered ${JSON.stringify(raw)}, ${offered}`);
    else chosen.add(label);
  }
  if (chosen.size === 0 && answered.length > 0) {
    throw new OutputError(
      `model answered ${answered.map((raw) => JSON.stringify(raw)).join(', ')}, ${offered}`,
    );
  }
  return { labels: params.labels.filter((label) => chosen.has(label)), dropped: drops.summary() };
}

function answeredLabels(answer: unknown): string[] {
  const record = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<
    string,
    unknown
  >;
  const value = record['labels'] ?? record['label'];
  const list = Array.isArray(value)
    ? value
    : value === undefined || value === null
      ? undefined
      : [value];
  if (list === undefined || !list.every((item) => typeof item === 'string')) {
    throw new OutputError(
      `model answered ${truncate(JSON.stringify(answer), 200)}, without a "label" string or "labels" list`,
    );
  }
  return list;
}
