/** `text[start:end)` counted in Unicode code points, as Label Studio counts span offsets. */
export function codePointSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}
