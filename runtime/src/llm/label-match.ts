/**
 * Matches names a model wrote (labels, entity or relation types) to the allowed ones: exact
 * after trimming, else ignoring case. Whatever matches nothing is reported as undefined and
 * must never be stored, since Label Studio would show it unlabeled or not at all.
 */
export class LabelMatcher {
  private readonly byFolded = new Map<string, string>();

  constructor(private readonly allowed: readonly string[]) {
    for (const name of allowed) this.byFolded.set(fold(name), name);
  }

  match(answered: unknown): string | undefined {
    if (typeof answered !== 'string') return undefined;
    const trimmed = answered.trim();
    if (this.allowed.includes(trimmed)) return trimmed;
    return this.byFolded.get(fold(trimmed));
  }

  /** The allowed names as a list for messages: `positive, negative`. */
  describe(): string {
    return this.allowed.join(', ');
  }
}

function fold(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

/** Index of the first name that equals an earlier one once case is ignored, for params checks. */
export function findCaseInsensitiveDuplicate(names: readonly string[]): number | undefined {
  const seen = new Set<string>();
  for (const [index, name] of names.entries()) {
    const key = fold(name);
    if (seen.has(key)) return index;
    seen.add(key);
  }
  return undefined;
}
