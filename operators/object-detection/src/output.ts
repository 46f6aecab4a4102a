/** What the object-detection operator returns for one image, read by the converter. */
export interface DetectionBox {
  readonly label: string;
  readonly score: number;
  /** Corners in pixels of the oriented image (EXIF orientation applied). */
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface DetectionOutput {
  /** Size of the image after EXIF orientation, as an editor displays it. */
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly DetectionBox[];
}

export const OPERATOR_NAME = 'object-detection';

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isDetectionBox(value: unknown): value is DetectionBox {
  if (typeof value !== 'object' || value === null) return false;
  const box = value as Record<string, unknown>;
  return (
    typeof box.label === 'string' &&
    [box.score, box.x1, box.y1, box.x2, box.y2].every(isFiniteNumber)
  );
}

/** Checks a step output that crossed a process or storage boundary before trusting it. */
export function isDetectionOutput(value: unknown): value is DetectionOutput {
  if (typeof value !== 'object' || value === null) return false;
  const output = value as Record<string, unknown>;
  return (
    isFiniteNumber(output.width) &&
    output.width > 0 &&
    isFiniteNumber(output.height) &&
    output.height > 0 &&
    Array.isArray(output.boxes) &&
    output.boxes.every(isDetectionBox)
  );
}
