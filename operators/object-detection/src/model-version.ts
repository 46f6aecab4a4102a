import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';

/** `FastestDet.onnx@31cb14c017fc`: the file name plus a content hash, so a swapped model shows. */
export async function modelVersion(modelPath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(modelPath)) hash.update(chunk as Buffer);
  return `${path.basename(modelPath)}@${hash.digest('hex').slice(0, 12)}`;
}
