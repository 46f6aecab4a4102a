/**
 * Region ids for Label Studio results: strings of `A-Za-z0-9_-` (the editor rejects numbers),
 * unique within a task because they carry the file id, and stable for the same input because
 * they carry only the region's position in the converter's ordered output.
 */
export function regionId(kind: string, fileId: number, index: number): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(kind)) {
    throw new RangeError(`region id kind must be a plain word, got ${JSON.stringify(kind)}`);
  }
  return `${kind}-f${fileId}-${index}`;
}
