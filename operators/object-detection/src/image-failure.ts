/**
 * Turns what sharp and the file system report about an unusable image into a reason a person
 * can act on. The path is left out: the caller knows the dataset-relative name.
 */
export function describeImageFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || /input file is missing/i.test(message)) {
    return 'file not found (deleted or moved after the task was created)';
  }
  if (code === 'EACCES' || code === 'EPERM') return 'file cannot be read (permission denied)';
  if (/unsupported image format/i.test(message)) {
    return 'content is not a supported image format (JPEG, PNG, WebP, GIF, TIFF, AVIF, ...)';
  }
  if (/exceeds pixel limit/i.test(message)) return 'image has more pixels than allowed';
  if (/premature end|truncated|unexpected end|read error|corrupt/i.test(message)) {
    return `image data is cut off or corrupt (${message.trim()})`;
  }
  return `image cannot be decoded (${message.trim()})`;
}

export function describeTooLarge(width: number, height: number, maxPixels: number): string {
  const megapixels = (pixels: number) => `${Math.round(pixels / 1e5) / 10} megapixels`;
  return (
    `image is ${width}x${height} pixels (${megapixels(width * height)}), over the limit of ` +
    `${megapixels(maxPixels)} (param maxInputPixels)`
  );
}
