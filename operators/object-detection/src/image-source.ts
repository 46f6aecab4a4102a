import fs from 'node:fs';

/** Larger files are decoded from disk by libvips instead of being held whole in memory. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** The bytes of an image file, or its path when it is too large to hold. */
export type ImageInput = Buffer | string;

export type ImageSource =
  | { readonly ok: true; readonly input: ImageInput }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads an image file once, synchronously. A pool thread handles one file at a time, so
 * blocking it costs nothing, and one read serves both the header and the decode: no second
 * open of the file and no round trip through libuv's threads.
 */
export function readImageSource(filePath: string): ImageSource {
  // O_NONBLOCK so that opening a FIFO returns at once (and is refused below) instead of
  // waiting for a writer; it changes nothing for regular files.
  const fd = fs.openSync(filePath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: 'not a regular file' };
    if (stats.size === 0) return { ok: false, reason: 'file is empty (0 bytes)' };
    if (stats.size > MAX_BUFFERED_BYTES) return { ok: true, input: filePath };
    return { ok: true, input: fs.readFileSync(fd) };
  } finally {
    fs.closeSync(fd);
  }
}
