import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';

/**
 * Saves a picture the way a phone held upright does: the sensor pixels lie rotated 90 degrees
 * counter-clockwise and EXIF orientation 6 tells viewers to turn them clockwise. `upright` is
 * what a viewer (and Label Studio) displays.
 */
export async function writePhoneJpeg(upright: Buffer, filePath: string): Promise<void> {
  const stored = await sharp(upright)
    .rotate(270)
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
  await writeFile(filePath, stored);
}

/** A white picture with one black square, as PNG bytes. */
export async function squarePicture(
  width: number,
  height: number,
  square: { left: number; top: number; size: number },
): Promise<Buffer> {
  const black = await sharp({
    create: { width: square.size, height: square.size, channels: 3, background: '#000000' },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([{ input: black, left: square.left, top: square.top }])
    .png()
    .toBuffer();
}

/** Bounding box of the dark pixels in one plane of an NCHW tensor. */
export function darkRegion(plane: Float32Array, width: number, height: number) {
  let x1 = width;
  let y1 = height;
  let x2 = -1;
  let y2 = -1;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if ((plane[y * width + x] ?? 1) < 0.5) {
        x1 = Math.min(x1, x);
        y1 = Math.min(y1, y);
        x2 = Math.max(x2, x + 1);
        y2 = Math.max(y2, y + 1);
      }
    }
  }
  return { x1, y1, x2, y2 };
}
