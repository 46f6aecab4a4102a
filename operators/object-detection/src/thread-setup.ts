import sharp from 'sharp';

/**
 * libvips settings for a thread that decodes one image at a time. Its thread pool and operation
 * cache are process-wide: one libvips thread per pipeline keeps the pool's threads from
 * oversubscribing the cores, and no cache keeps memory flat over many distinct files.
 */
export function setUpImageThread(): void {
  sharp.concurrency(1);
  sharp.cache(false);
}
