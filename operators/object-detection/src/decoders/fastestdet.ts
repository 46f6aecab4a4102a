import { clampToImage } from './decoder';
import type { DecodeContext, Detection, DetectionDecoder, OutputInfo, RawTensor } from './decoder';

/**
 * FastestDet: one anchor-free grid, output `[1, 5 + classes, rows, cols]` (NCHW). Per cell:
 * channel 0 objectness (sigmoid already applied), 1-2 raw centre offsets, 3-4 raw size,
 * then class probabilities (softmax already applied). Boxes are fractions of the picture,
 * which maps straight onto the image because the input is a plain stretch.
 */
const BOX_CHANNELS = 5;
/** Upstream weighs objectness and class probability unevenly. */
const OBJECTNESS_WEIGHT = 0.6;
const CLASS_WEIGHT = 0.4;

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

function classCount(outputs: readonly OutputInfo[]): number {
  const first = outputs[0];
  if (outputs.length !== 1 || first === undefined) {
    throw new Error(`fastestdet expects one output, the model has ${outputs.length}`);
  }
  const [batch, channels, rows, cols] = first.shape;
  const shapeText = `[${first.shape.join(', ')}]`;
  if (first.shape.length !== 4 || typeof channels !== 'number' || channels <= BOX_CHANNELS) {
    throw new Error(
      `fastestdet expects output ${first.name} as [1, 5 + classes, rows, cols], ` +
        `got ${shapeText}`,
    );
  }
  if (batch !== 1 && typeof batch === 'number') {
    throw new Error(`fastestdet expects batch 1 in output ${first.name}, got ${shapeText}`);
  }
  if ((typeof rows === 'number' && rows < 1) || (typeof cols === 'number' && cols < 1)) {
    throw new Error(
      `fastestdet expects a non-empty grid in output ${first.name}, ` + `got ${shapeText}`,
    );
  }
  return channels - BOX_CHANNELS;
}

/** Highest class probability of one cell and its index. */
function bestClass(data: Float32Array, cell: number, plane: number, classes: number) {
  let classIndex = 0;
  let probability = -Infinity;
  for (let c = 0; c < classes; c += 1) {
    const value = data[(BOX_CHANNELS + c) * plane + cell] ?? -Infinity;
    if (value > probability) {
      probability = value;
      classIndex = c;
    }
  }
  return { classIndex, probability };
}

function decode(outputs: readonly RawTensor[], context: DecodeContext): Detection[] {
  const output = outputs[0];
  if (output === undefined || output.dims.length !== 4) {
    throw new Error('fastestdet expects one output of rank 4');
  }
  const [, channels = 0, rows = 0, cols = 0] = output.dims;
  const plane = rows * cols;
  const classes = channels - BOX_CHANNELS;
  const { data } = output;
  const at = (channel: number, cell: number) => data[channel * plane + cell] ?? 0;
  const { imageWidth, imageHeight } = context;
  const detections: Detection[] = [];
  for (let gy = 0; gy < rows; gy += 1) {
    for (let gx = 0; gx < cols; gx += 1) {
      const cell = gy * cols + gx;
      const objectness = at(0, cell);
      // A softmax probability is at most 1, so a cell whose objectness alone cannot pass the
      // threshold is skipped before its scan of every class (most cells of most pictures).
      if (!(Math.max(objectness, 0) ** OBJECTNESS_WEIGHT > context.scoreThreshold)) continue;
      const { classIndex, probability } = bestClass(data, cell, plane, classes);
      // Negative probabilities cannot come from a softmax; max() keeps pow() real.
      const score =
        Math.max(objectness, 0) ** OBJECTNESS_WEIGHT * Math.max(probability, 0) ** CLASS_WEIGHT;
      if (!(score > context.scoreThreshold)) continue;
      const cx = (gx + Math.tanh(at(1, cell))) / cols;
      const cy = (gy + Math.tanh(at(2, cell))) / rows;
      const w = sigmoid(at(3, cell));
      const h = sigmoid(at(4, cell));
      detections.push(
        clampToImage(
          {
            classIndex,
            score,
            x1: (cx - w / 2) * imageWidth,
            y1: (cy - h / 2) * imageHeight,
            x2: (cx + w / 2) * imageWidth,
            y2: (cy + h / 2) * imageHeight,
          },
          imageWidth,
          imageHeight,
        ),
      );
    }
  }
  return detections;
}

export const fastestDetDecoder: DetectionDecoder = { name: 'fastestdet', classCount, decode };
