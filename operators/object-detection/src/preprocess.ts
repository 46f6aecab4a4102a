import sharp from 'sharp';
import { describeImageFailure, describeTooLarge } from './image-failure';
import { readImageSource, type ImageInput } from './image-source';
import type { InputSize } from './params';
import { pictureSize } from './picture-size';

export interface ImageTensor {
  /** NCHW planes B, G, R of the stretched image, values pixel / 255. */
  readonly data: Float32Array;
  /** Size of the image after EXIF orientation. */
  readonly width: number;
  readonly height: number;
}

export type ImageRead =
  | { readonly ok: true; readonly image: ImageTensor }
  | { readonly ok: false; readonly reason: string };

const RGB_CHANNELS = 3;

/**
 * The model was trained on OpenCV pictures, which come in B, G, R order; sharp gives
 * interleaved R, G, B.
 */
function toBgrPlanes(rgb: Buffer, pixels: number): Float32Array {
  const planes = new Float32Array(RGB_CHANNELS * pixels);
  for (let i = 0; i < pixels; i += 1) {
    const at = i * RGB_CHANNELS;
    planes[i] = (rgb[at + 2] ?? 0) / 255;
    planes[pixels + i] = (rgb[at + 1] ?? 0) / 255;
    planes[2 * pixels + i] = (rgb[at] ?? 0) / 255;
  }
  return planes;
}

/**
 * The pixel work of one image: decode, EXIF orientation, a plain stretch to the input size with
 * bilinear filtering (no letterbox), then B, G, R planes. Returns a reason when the image does
 * not decode to RGB. The benchmark's limit loop calls this too, so both measure the same work.
 */
export async function stretchToPlanes(
  image: ImageInput,
  input: InputSize,
  maxInputPixels: number,
): Promise<Float32Array | string> {
  // The model was trained on OpenCV pictures, which ignore embedded colour profiles; applying
  // one (sharp's default) also cost more than the decode itself, at full size before the resize.
  const { data, info } = await sharp(image, {
    failOn: 'warning',
    limitInputPixels: maxInputPixels,
    sequentialRead: true,
    ignoreIcc: true,
  })
    .autoOrient()
    .resize(input.width, input.height, { fit: 'fill', kernel: 'linear' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== RGB_CHANNELS) return `image decodes to ${info.channels} channels, not RGB`;
  return toBgrPlanes(data, info.width * info.height);
}

/**
 * Reads one image into the model's input tensor (see `stretchToPlanes`). Images over
 * `maxInputPixels` are refused from their header before any pixel is decoded.
 */
export async function readImageTensor(
  filePath: string,
  input: InputSize,
  maxInputPixels: number,
): Promise<ImageRead> {
  try {
    const source = readImageSource(filePath);
    if (!source.ok) return source;
    const size = await pictureSize(source.input);
    if (size.stored > maxInputPixels) {
      return { ok: false, reason: describeTooLarge(size.width, size.height, maxInputPixels) };
    }
    const planes = await stretchToPlanes(source.input, input, maxInputPixels);
    if (typeof planes === 'string') return { ok: false, reason: planes };
    return { ok: true, image: { data: planes, width: size.width, height: size.height } };
  } catch (error) {
    return { ok: false, reason: describeImageFailure(error) };
  }
}
