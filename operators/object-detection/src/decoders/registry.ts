import type { DetectionDecoder } from './decoder';
import { fastestDetDecoder } from './fastestdet';

/** Decoders by the name used in the `decoder` param. A new model family adds one line here. */
const decoders: ReadonlyMap<string, DetectionDecoder> = new Map(
  [fastestDetDecoder].map((decoder) => [decoder.name, decoder]),
);

export const DEFAULT_DECODER = fastestDetDecoder.name;

export function decoderNames(): string[] {
  return [...decoders.keys()];
}

export function findDecoder(name: string): DetectionDecoder | undefined {
  return decoders.get(name);
}

/** The decoder of that name; callers validate the name first (params), so a miss is a bug. */
export function getDecoder(name: string): DetectionDecoder {
  const decoder = decoders.get(name);
  if (!decoder) throw new RangeError(`unknown detection decoder ${JSON.stringify(name)}`);
  return decoder;
}
