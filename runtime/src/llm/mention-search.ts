/** Where a mention occurs in a text, in UTF-16 indices, end exclusive. */
export interface Occurrence {
  readonly from: number;
  readonly to: number;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** Scripts written without spaces between words: any character may start or end a word. */
const UNSPACED_SCRIPTS = ['Han', 'Hiragana', 'Katakana', 'Thai', 'Lao', 'Khmer', 'Myanmar'];
const UNSPACED_SCRIPT = new RegExp(
  `[${UNSPACED_SCRIPTS.map((name) => `\\p{Script=${name}}`).join('')}]`,
  'u',
);

/**
 * Every occurrence of `mention` in `text`, left to right and never overlapping one another.
 * Exact matches win; only when there is none are matches that differ in case taken. A match
 * that starts or ends inside a word ("Ann" in "Anna") is not an occurrence.
 */
export function findOccurrences(text: string, mention: string): Occurrence[] {
  if (mention.length === 0) return [];
  const exact: Occurrence[] = [];
  for (let at = text.indexOf(mention); at !== -1;) {
    const occurrence = { from: at, to: at + mention.length };
    if (onWordBoundaries(text, occurrence)) {
      exact.push(occurrence);
      at = text.indexOf(mention, occurrence.to);
    } else {
      at = text.indexOf(mention, at + 1);
    }
  }
  if (exact.length > 0) return exact;

  const caseless: Occurrence[] = [];
  for (const match of text.matchAll(new RegExp(escapeRegExp(mention), 'giu'))) {
    const occurrence = { from: match.index, to: match.index + match[0].length };
    if (onWordBoundaries(text, occurrence)) caseless.push(occurrence);
  }
  return caseless;
}

function onWordBoundaries(text: string, { from, to }: Occurrence): boolean {
  const before = charBefore(text, from);
  const first = String.fromCodePoint(text.codePointAt(from) ?? 0);
  const last = charBefore(text, to);
  const after = to < text.length ? String.fromCodePoint(text.codePointAt(to) ?? 0) : '';
  return !joinsWord(before, first) && !joinsWord(last, after);
}

function joinsWord(left: string, right: string): boolean {
  return (
    WORD_CHAR.test(left) &&
    WORD_CHAR.test(right) &&
    !UNSPACED_SCRIPT.test(left) &&
    !UNSPACED_SCRIPT.test(right)
  );
}

function charBefore(text: string, index: number): string {
  if (index === 0) return '';
  const low = text.charCodeAt(index - 1);
  const isLowSurrogate = low >= 0xdc00 && low <= 0xdfff && index >= 2;
  return isLowSurrogate ? text.slice(index - 2, index) : text.slice(index - 1, index);
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
