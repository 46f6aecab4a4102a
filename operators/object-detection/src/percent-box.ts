/** A rectangle as Label Studio stores it: top-left corner and size in percent of the image. */
export interface PercentBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);

/**
 * Pixel corners → percent of the oriented image, clamped so that 0 ≤ x and x + width ≤ 100
 * (the editor draws out-of-range boxes off the image without complaint). Undefined when
 * nothing of the box is left inside the image.
 */
export function toPercentBox(
  corners: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number },
  imageWidth: number,
  imageHeight: number,
): PercentBox | undefined {
  const left = clamp(Math.min(corners.x1, corners.x2), imageWidth);
  const right = clamp(Math.max(corners.x1, corners.x2), imageWidth);
  const top = clamp(Math.min(corners.y1, corners.y2), imageHeight);
  const bottom = clamp(Math.max(corners.y1, corners.y2), imageHeight);
  if (right <= left || bottom <= top) return undefined;
  const x = (left / imageWidth) * 100;
  const y = (top / imageHeight) * 100;
  // Computed from the clamped right edge, then capped, so float rounding cannot pass 100.
  const width = Math.min(((right - left) / imageWidth) * 100, 100 - x);
  const height = Math.min(((bottom - top) / imageHeight) * 100, 100 - y);
  return { x, y, width, height };
}
