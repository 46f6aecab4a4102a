import { readFile, stat } from 'node:fs/promises';
import { FileError } from '../errors';

/**
 * Reads a text file as UTF-8. The string returned is the one offsets are computed on and the one
 * written to Label Studio's `data.text`, so every reader of text files goes through here: bytes
 * that are not valid UTF-8 fail the file instead of turning into U+FFFD, and a leading byte order
 * mark is dropped (TextDecoder does that unless told to keep it).
 */
/** Largest text file read as one item: far beyond any model's context, well below memory. */
export const MAX_TEXT_BYTES = 8 * 1024 * 1024;

export async function readTextFile(
  filePath: string,
  displayName: string = filePath,
): Promise<string> {
  let bytes: Buffer;
  try {
    // A FIFO or device named .txt would block the read forever; a huge file would be sent whole.
    const info = await stat(filePath);
    if (!info.isFile()) throw new FileError(`${displayName}: not a regular file`);
    if (info.size > MAX_TEXT_BYTES) {
      throw new FileError(
        `${displayName}: ${(info.size / 1048576).toFixed(1)} MiB of text, over the ` +
          `${MAX_TEXT_BYTES / 1048576} MiB one item may have (split it into several files)`,
      );
    }
    bytes = await readFile(filePath);
  } catch (error) {
    if (error instanceof FileError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new FileError(`${displayName}: cannot read the file (${reason})`, { cause: error });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new FileError(`${displayName}: the file is not valid UTF-8 text`, { cause: error });
  }
}
