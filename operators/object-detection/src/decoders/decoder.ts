/**
 * The seam between a model's raw output layout and the boxes the operator reports. Each model
 * family (FastestDet, YOLOv5, YOLOv8, ...) lays its output out differently; a decoder knows one
 * layout and nothing about files, pools or labels.
 */

/** An output tensor as plain data, so decoders run (and are tested) without onnxruntime. */
export interface RawTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** Name, type and shape of a model output as the session reports it at load. */
export interface OutputInfo {
  readonly name: string;
  readonly type: string;
  /** Numbers for fixed dimensions, strings for symbolic ones. */
  readonly shape: readonly (number | string)[];
}

export interface DecodeContext {
  /** Size of the oriented image the boxes are reported in. */
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Size of the tensor fed to the model (YOLO-style outputs are in these pixels). */
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** Candidates scoring at or below this are dropped. */
  readonly scoreThreshold: number;
}

/** One candidate box before NMS, corners clamped to the image. */
export interface Detection {
  readonly classIndex: number;
  readonly score: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface DetectionDecoder {
  readonly name: string;
  /**
   * Number of classes the outputs carry. Throws an Error saying what does not fit when the
   * outputs are not in this decoder's layout; called once when the model is loaded.
   */
  classCount(outputs: readonly OutputInfo[]): number;
  /** Candidate boxes of one image, outputs in the session's output order. */
  decode(outputs: readonly RawTensor[], context: DecodeContext): Detection[];
}

/** Clamps a box to the image, so no corner lies outside it. */
export function clampToImage(box: Detection, width: number, height: number): Detection {
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
  return {
    ...box,
    x1: clamp(box.x1, width),
    y1: clamp(box.y1, height),
    x2: clamp(box.x2, width),
    y2: clamp(box.y2, height),
  };
}
