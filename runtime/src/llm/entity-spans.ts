import { CodePointIndex } from './code-points';
import type { DropList } from './dropped';
import type { LabelMatcher } from './label-match';
import { findOccurrences, type Occurrence } from './mention-search';
import { truncate } from './redact';

/** An entity mention as a model gives it: the offsets are the runtime's job, not the model's. */
export interface EntityMention {
  readonly type: string;
  readonly text: string;
  /** Which occurrence of `text` is meant, 1 = first; absent = every occurrence. */
  readonly occurrence?: number | null;
}

/** A labelled span of the text, offsets in Unicode code points, end exclusive. */
export interface EntitySpan {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface ResolvedEntities {
  /** Ordered by start, then end, then type; no two of one type overlap. */
  readonly entities: readonly EntitySpan[];
  /** For each mention of the answer, the indices in `entities` it became (empty if dropped). */
  readonly spansOfMention: ReadonlyArray<readonly number[]>;
}

interface Candidate extends Occurrence {
  readonly type: string;
}

/**
 * Turns a model's entity mentions into spans by searching the text: types outside the allowed
 * list, mentions that do not occur and spans overlapping a longer one of the same type are
 * dropped into `drops`. A mention repeated by the model, or a span found twice, is kept once.
 */
export function resolveEntities(
  text: string,
  mentions: readonly EntityMention[],
  types: LabelMatcher,
  drops: DropList,
): ResolvedEntities {
  const candidates: Candidate[] = [];
  const candidateByKey = new Map<string, number>();
  const candidatesOfMention = mentions.map((mention) => {
    const found = locate(text, mention, types, drops);
    return found.map((candidate) => {
      const key = `${candidate.type}\u0000${candidate.from}\u0000${candidate.to}`;
      let index = candidateByKey.get(key);
      if (index === undefined) {
        index = candidates.push(candidate) - 1;
        candidateByKey.set(key, index);
      }
      return index;
    });
  });

  const keptFor = keepLongestPerType(text, candidates, drops);
  const kept = [...new Set(keptFor)].sort((a, b) =>
    compareCandidates(candidates[a]!, candidates[b]!),
  );
  const finalIndex = new Map(kept.map((candidate, index) => [candidate, index]));
  const codePoints = new CodePointIndex(text);
  const entities = kept.map((index) => {
    const { type, from, to } = candidates[index]!;
    return { type, start: codePoints.of(from), end: codePoints.of(to), text: text.slice(from, to) };
  });
  const spansOfMention = candidatesOfMention.map((indices) =>
    [...new Set(indices.map((index) => finalIndex.get(keptFor[index]!)!))].sort((a, b) => a - b),
  );
  return { entities, spansOfMention };
}

function locate(
  text: string,
  mention: EntityMention,
  types: LabelMatcher,
  drops: DropList,
): Candidate[] {
  const mentionText = mention.text.trim();
  const shown = JSON.stringify(truncate(mentionText, 80));
  const type = types.match(mention.type);
  if (type === undefined) {
    drops.add(
      'unknown-type',
      `entity ${shown} has type "${mention.type}", not one of: ${types.describe()}`,
    );
    return [];
  }
  const occurrences = findOccurrences(text, mentionText);
  if (occurrences.length === 0) {
    drops.add('not-found', `entity ${shown} (${type}) does not occur in the text`);
    return [];
  }
  const wanted = mention.occurrence;
  if (wanted === undefined || wanted === null)
    return occurrences.map((found) => ({ ...found, type }));
  const chosen = occurrences[wanted - 1];
  if (chosen === undefined) {
    drops.add(
      'not-found',
      `entity ${shown} (${type}): occurrence ${wanted} asked for, the text has ${occurrences.length}`,
    );
    return [];
  }
  return [{ ...chosen, type }];
}

/**
 * For each candidate, the candidate that stands for it: itself, or the longer span of the same
 * type it overlaps (then it is dropped, and relations to it go to that longer span).
 */
function keepLongestPerType(
  text: string,
  candidates: readonly Candidate[],
  drops: DropList,
): number[] {
  const byLength = candidates
    .map((_, index) => index)
    .sort((a, b) => {
      const lengthOrder = length(candidates[b]!) - length(candidates[a]!);
      return lengthOrder !== 0 ? lengthOrder : candidates[a]!.from - candidates[b]!.from;
    });
  const keptFor: number[] = new Array<number>(candidates.length);
  const keptByType = new Map<string, number[]>();
  for (const index of byLength) {
    const candidate = candidates[index]!;
    const kept = keptByType.get(candidate.type) ?? [];
    keptByType.set(candidate.type, kept);
    const at = firstEndingAfter(candidates, kept, candidate.from);
    const cover =
      at < kept.length && candidates[kept[at]!]!.from < candidate.to ? kept[at] : undefined;
    if (cover === undefined) {
      kept.splice(at, 0, index);
      keptFor[index] = index;
      continue;
    }
    keptFor[index] = cover;
    const longer = candidates[cover]!;
    drops.add(
      'overlap',
      `entity ${JSON.stringify(text.slice(candidate.from, candidate.to))} (${candidate.type}) overlaps ` +
        `the longer ${JSON.stringify(text.slice(longer.from, longer.to))} of the same type`,
    );
  }
  return keptFor;
}

/**
 * Kept spans of one type never overlap, so sorted by start they are sorted by end too: a binary
 * search finds the only one that can overlap a new span (a text naming one entity thousands of
 * times stays fast, and the heartbeat keeps beating).
 */
function firstEndingAfter(
  candidates: readonly Candidate[],
  kept: readonly number[],
  from: number,
): number {
  let low = 0;
  let high = kept.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (candidates[kept[middle]!]!.to > from) high = middle;
    else low = middle + 1;
  }
  return low;
}

function length(candidate: Candidate): number {
  return candidate.to - candidate.from;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return a.from - b.from || a.to - b.to || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
}
