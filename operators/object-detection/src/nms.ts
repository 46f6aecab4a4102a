import type { Detection } from './decoders/decoder';

function area(box: Detection): number {
  return Math.max(box.x2 - box.x1, 0) * Math.max(box.y2 - box.y1, 0);
}

/** Intersection over union of two boxes; 0 when either is empty. */
export function intersectionOverUnion(a: Detection, b: Detection): number {
  const width = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const height = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (width <= 0 || height <= 0) return 0;
  const overlap = width * height;
  const union = area(a) + area(b) - overlap;
  return union > 0 ? overlap / union : 0;
}

/**
 * Greedy non-maximum suppression within each class: the best box of a class wins and removes
 * the boxes of that class overlapping it by more than `iouThreshold`; boxes of different
 * classes never suppress each other. Returns the kept boxes, best first.
 */
export function suppressPerClass(
  detections: readonly Detection[],
  iouThreshold: number,
): Detection[] {
  const ranked = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const candidate of ranked) {
    const overlapsKept = kept.some(
      (winner) =>
        winner.classIndex === candidate.classIndex &&
        intersectionOverUnion(winner, candidate) > iouThreshold,
    );
    if (!overlapsKept) kept.push(candidate);
  }
  return kept;
}
