import { readFile } from 'node:fs/promises';
import { FileError } from '../errors';

/**
 * Reads a text file as UTF-8. The string returned is the one offsets are computed on and the one
 * written to Label Studio's `data.text`, so every reader of text files goes through here: bytes
 * that are not valid UTF-8 fail the file instead of turning into U+FFFD, and a leading byte order
 * mark is dropped (TextDecoder does that unless told to keep it).
 */
export async function readTextFile(
  filePath: string,
  displayName: string = filePath,
): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new FileError(`${displayName}: cannot read the file (${reason})`, { cause: error });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new FileError(`${displayName}: the file is not valid UTF-8 text`, { cause: error });
  }
}
