import type { OperatorFile } from '../contracts';
import { FileError } from '../errors';
import { readTextFile } from '../files/read-text';

/** The text of a file for an LLM operator: the exact string spans are computed on. */
export async function readInputText(file: OperatorFile): Promise<string> {
  if (file.kind !== 'text') {
    throw new FileError(
      `${file.relativePath}: is a ${file.kind} file; this operator reads text files`,
    );
  }
  const text = await readTextFile(file.path, file.relativePath);
  if (text.trim() === '') throw new FileError(`${file.relativePath}: the file holds no text`);
  return text;
}
