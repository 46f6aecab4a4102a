/**
 * Converts UTF-16 indices of one string (what JavaScript string methods return) to Unicode code
 * point indices (what Label Studio stores as span offsets). They differ after every character
 * outside the Basic Multilingual Plane, such as most emoji.
 */
export class CodePointIndex {
  /** Code point index of each UTF-16 index; undefined when the text has no surrogate pairs. */
  private readonly table: Uint32Array | undefined;

  constructor(text: string) {
    if (!/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text)) return;
    const table = new Uint32Array(text.length + 1);
    let codePoint = 0;
    for (let i = 0; i < text.length; i += 1) {
      table[i] = codePoint;
      const unit = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      const startsPair = unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
      if (startsPair) {
        i += 1;
        table[i] = codePoint;
      }
      codePoint += 1;
    }
    table[text.length] = codePoint;
    this.table = table;
  }

  of(utf16Index: number): number {
    return this.table === undefined ? utf16Index : (this.table[utf16Index] ?? utf16Index);
  }
}
