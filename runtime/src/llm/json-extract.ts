/**
 * Finds the JSON object (or array) in a model's answer. Models asked for JSON still wrap it:
 * a sentence and then a ```json fence, or the object in the middle of prose. Tried in order:
 * the whole answer, the fenced blocks, then the balanced `{...}` / `[...]` spans of the text.
 * Where several parse, the last one wins and an object beats an array: models put examples and
 * option lists before their answer, and correct themselves ("on reflection ...") after it.
 * Returns undefined when none parses; the caller decides what that means.
 */
export function extractJson(answer: string): { value: unknown } | undefined {
  const whole = parseStructured(answer.trim());
  if (whole !== undefined) return { value: whole };

  const fenced: unknown[] = [];
  for (const match of answer.matchAll(/```[\w-]*[^\S\r\n]*\r?\n?([\s\S]*?)```/g)) {
    const value = parseStructured((match[1] ?? '').trim());
    if (value !== undefined) fenced.push(value);
  }
  return preferred(fenced.length > 0 ? fenced : scanBalanced(answer));
}

function preferred(values: readonly unknown[]): { value: unknown } | undefined {
  const objects = values.filter((value) => !Array.isArray(value));
  const pick = objects.length > 0 ? objects.at(-1) : values.at(-1);
  return pick === undefined ? undefined : { value: pick };
}

function scanBalanced(answer: string): unknown[] {
  const found: unknown[] = [];
  let start = 0;
  while (start < answer.length) {
    const char = answer[start];
    if (char !== '{' && char !== '[') {
      start += 1;
      continue;
    }
    const close = findClose(answer, start);
    // An opening bracket that never closes means the rest is a cut-off structure: any object
    // inside it is a fragment, not the answer.
    if (close === 'unclosed') return found;
    if (close === 'mismatched') {
      start += 1;
      continue;
    }
    const value = parseStructured(answer.slice(start, close + 1));
    if (value !== undefined) found.push(value);
    // A balanced span, JSON or not: what is nested in it is a fragment, so skip past it.
    start = close + 1;
  }
  return found;
}

function parseStructured(text: string): unknown {
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the bracket closing the one at `start`, skipping brackets inside JSON strings. */
function findClose(text: string, start: number): number | 'unclosed' | 'mismatched' {
  const expected: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{' || char === '[') {
      expected.push(char === '{' ? '}' : ']');
    } else if (char === '}' || char === ']') {
      if (expected.pop() !== char) return 'mismatched';
      if (expected.length === 0) return i;
    }
  }
  return 'unclosed';
}
