import assert from 'node:assert/strict';
import type { Detection } from '@autoannotate/operator-object-detection/decoders/decoder';
import {
  intersectionOverUnion,
  suppressPerClass,
} from '@autoannotate/operator-object-detection/nms';

function box(classIndex: number, score: number, x1: number, y1: number, x2: number, y2: number) {
  return { classIndex, score, x1, y1, x2, y2 } satisfies Detection;
}

describe('per-class non-maximum suppression', () => {
  it('computes intersection over union', () => {
    assert.equal(intersectionOverUnion(box(0, 1, 0, 0, 10, 10), box(0, 1, 5, 0, 15, 10)), 50 / 150);
    assert.equal(intersectionOverUnion(box(0, 1, 0, 0, 10, 10), box(0, 1, 10, 0, 20, 10)), 0);
    assert.equal(intersectionOverUnion(box(0, 1, 0, 0, 0, 0), box(0, 1, 0, 0, 0, 0)), 0);
  });

  it('keeps the best of overlapping boxes of one class', () => {
    const kept = suppressPerClass(
      [box(1, 0.6, 2, 2, 102, 102), box(1, 0.9, 0, 0, 100, 100), box(1, 0.7, 300, 300, 400, 400)],
      0.45,
    );
    assert.deepEqual(
      kept.map((b) => b.score),
      [0.9, 0.7],
    );
  });

  it('never lets one class suppress another', () => {
    const kept = suppressPerClass(
      [box(0, 0.9, 0, 0, 100, 100), box(16, 0.8, 0, 0, 100, 100)],
      0.45,
    );
    assert.deepEqual(
      kept.map((b) => b.classIndex),
      [0, 16],
    );
  });

  it('suppresses only above the IoU threshold', () => {
    // IoU of these two is exactly 1/3.
    const pair = [box(2, 0.9, 0, 0, 10, 10), box(2, 0.8, 5, 0, 15, 10)];
    assert.equal(suppressPerClass(pair, 1 / 3).length, 2);
    assert.equal(suppressPerClass(pair, 0.3).length, 1);
  });
});
