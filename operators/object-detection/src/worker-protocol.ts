import type { Detection, OutputInfo } from './decoders/decoder';

/**
 * Messages between the operator (main thread) and the inference threads. Only plain data
 * crosses: errors lose their class and code on the way, so expected failures come back as
 * values and only unexpected ones as rejections.
 */

/** A model file as loaded: its path and the content hash that `modelVersion` ends with. */
export interface ModelRef {
  readonly modelPath: string;
  readonly modelVersion: string;
}

export type DescribeTask = ModelRef;

/** Inputs and outputs as the loaded session reports them. */
export interface ModelDescription {
  readonly inputs: readonly OutputInfo[];
  readonly outputs: readonly OutputInfo[];
}

export interface DetectTask extends ModelRef {
  readonly filePath: string;
  readonly inputName: string;
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly decoder: string;
  readonly scoreThreshold: number;
  readonly iouThreshold: number;
  readonly maxInputPixels: number;
}

export type DetectReply =
  | {
      readonly ok: true;
      /** Oriented image size. */
      readonly width: number;
      readonly height: number;
      /** After NMS, best first. */
      readonly detections: readonly Detection[];
    }
  /** The file cannot be used as an image; `reason` says why, without the path. */
  | { readonly ok: false; readonly reason: string };
