import assert from 'node:assert/strict';
import { operator } from '@autoannotate/operator-object-detection';
import type { DetectionBox, DetectionOutput } from '@autoannotate/operator-object-detection';
import type { OperatorInstance } from '@autoannotate/runtime';
import { imageFile, inputFor, operatorContext } from './support/context';
import { sharedImagePath } from './support/paths';

type Corners = [number, number, number, number];

interface Expected {
  readonly image: string;
  readonly width: number;
  readonly height: number;
  /** Every detection in score order, from models/README.md (threshold 0.5, NMS 0.45). */
  readonly labels: readonly string[];
  /** Boxes of the first detections, in pixels of the original picture. */
  readonly boxes: readonly Corners[];
}

const TOLERANCE_PX = 3;

const expectations: readonly Expected[] = [
  {
    image: 'taxis.jpg',
    width: 1280,
    height: 853,
    labels: Array<string>(10).fill('car'),
    boxes: [
      [638, 553, 1028, 804],
      [49, 513, 505, 668],
      [407, 528, 761, 705],
      [1167, 569, 1280, 838],
    ],
  },
  {
    image: 'soccer.jpg',
    width: 1280,
    height: 853,
    labels: ['person', 'person', 'person'],
    boxes: [
      [243, 180, 878, 797],
      [777, 187, 1098, 784],
      [46, 192, 299, 772],
    ],
  },
  {
    image: 'plane.jpg',
    width: 1280,
    height: 853,
    labels: ['aeroplane'],
    boxes: [[513, 341, 725, 478]],
  },
  {
    image: 'dog-human.jpg',
    width: 640,
    height: 962,
    labels: ['person', 'person', 'dog'],
    boxes: [
      [60, 62, 585, 841],
      [70, 126, 331, 819],
      [248, 63, 574, 828],
    ],
  },
  {
    image: 'jockey.jpg',
    width: 640,
    height: 426,
    labels: ['horse', 'person', 'person'],
    boxes: [
      [168, 57, 456, 380],
      [227, 24, 352, 199],
      [176, 25, 291, 172],
    ],
  },
  {
    image: 'chelsea.png',
    width: 451,
    height: 300,
    labels: ['cat'],
    boxes: [[0, 0, 423, 290]],
  },
];

function assertNear(box: DetectionBox, expected: Corners, where: string): void {
  const actual = [box.x1, box.y1, box.x2, box.y2];
  actual.forEach((value, i) => {
    const want = expected[i] ?? NaN;
    assert.ok(
      Math.abs(value - want) <= TOLERANCE_PX,
      `${where}: corner ${i} is ${value.toFixed(1)}, expected ${want} ± ${TOLERANCE_PX}`,
    );
  });
}

describe('object-detection on the shared photos with FastestDet', () => {
  let detector: OperatorInstance<DetectionOutput>;

  before(async () => {
    detector = await operator.create(operatorContext(), operator.spec.parseParams({}));
  });

  after(async () => {
    await detector?.close?.();
  });

  for (const expected of expectations) {
    it(
      `finds ${expected.labels.length} × ${[...new Set(expected.labels)].join('/')} ` +
        `in ${expected.image} at threshold 0.5`,
      async () => {
        const file = imageFile(sharedImagePath(expected.image));
        const output = await detector.execute(inputFor(file));
        assert.equal(output.width, expected.width);
        assert.equal(output.height, expected.height);
        assert.deepEqual(
          output.boxes.map((box) => box.label),
          expected.labels,
        );
        for (const box of output.boxes) {
          assert.ok(box.score > 0.5 && box.score <= 1, `score ${box.score} out of range`);
          assert.ok(
            box.x1 >= 0 && box.y1 >= 0 && box.x2 <= output.width && box.y2 <= output.height,
            `box ${JSON.stringify(box)} leaves the image`,
          );
        }
        expected.boxes.forEach((corners, i) => {
          const box = output.boxes[i];
          assert.ok(box, `detection ${i} missing`);
          assertNear(box, corners, `${expected.image} detection ${i} (${box.label})`);
        });
      },
    );
  }

  it('reports boxes best first with the model file hash as version', async () => {
    const output = await detector.execute(inputFor(imageFile(sharedImagePath('taxis.jpg'))));
    const scores = output.boxes.map((box) => box.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    assert.equal(detector.modelVersion, 'FastestDet.onnx@31cb14c017fc');
    assert.equal(detector.labels.classes?.length, 80);
  });
});
