import assert from 'node:assert/strict';
import { fastestDetDecoder } from '@autoannotate/operator-object-detection/decoders/fastestdet';
import { getDecoder } from '@autoannotate/operator-object-detection/decoders/registry';

const CLASSES = 80;
const GRID = 22;
const PLANE = GRID * GRID;

/** A synthetic FastestDet output `[1, 85, 22, 22]`, all cells empty unless set. */
function emptyOutput() {
  return { dims: [1, 5 + CLASSES, GRID, GRID], data: new Float32Array((5 + CLASSES) * PLANE) };
}

interface Cell {
  gx: number;
  gy: number;
  objectness: number;
  tx?: number;
  ty?: number;
  tw?: number;
  th?: number;
  classes: Record<number, number>;
}

function setCell(data: Float32Array, cell: Cell): void {
  const at = cell.gy * GRID + cell.gx;
  const raw = [cell.objectness, cell.tx ?? 0, cell.ty ?? 0, cell.tw ?? 0, cell.th ?? 0];
  raw.forEach((value, channel) => {
    data[channel * PLANE + at] = value;
  });
  for (const [index, probability] of Object.entries(cell.classes)) {
    data[(5 + Number(index)) * PLANE + at] = probability;
  }
}

const context = {
  imageWidth: 220,
  imageHeight: 110,
  inputWidth: 352,
  inputHeight: 352,
  scoreThreshold: 0.5,
};

describe('FastestDet decoder', () => {
  it('decodes a cell into a box in image pixels with score obj^0.6 * cls^0.4', () => {
    const output = emptyOutput();
    // tanh(0) = 0 puts the centre on the cell corner; sigmoid(0) = 0.5 of the picture wide.
    setCell(output.data, { gx: 11, gy: 11, objectness: 0.9, classes: { 2: 0.8, 7: 0.1 } });
    const [box, ...rest] = fastestDetDecoder.decode([output], context);
    assert.equal(rest.length, 0);
    assert.ok(box);
    assert.equal(box.classIndex, 2);
    assert.ok(Math.abs(box.score - 0.9 ** 0.6 * 0.8 ** 0.4) < 1e-6);
    assert.ok(Math.abs(box.x1 - 55) < 1e-3 && Math.abs(box.x2 - 165) < 1e-3);
    assert.ok(Math.abs(box.y1 - 27.5) < 1e-3 && Math.abs(box.y2 - 82.5) < 1e-3);
  });

  it('applies tanh to the offsets and sigmoid to the sizes', () => {
    const output = emptyOutput();
    setCell(output.data, {
      gx: 4,
      gy: 10,
      objectness: 0.95,
      tx: 0.5,
      ty: -0.3,
      tw: -1,
      th: 1,
      classes: { 0: 0.9 },
    });
    const [box] = fastestDetDecoder.decode([output], context);
    assert.ok(box);
    const cx = (4 + Math.tanh(0.5)) / GRID;
    const cy = (10 + Math.tanh(-0.3)) / GRID;
    const w = 1 / (1 + Math.exp(1));
    const h = 1 / (1 + Math.exp(-1));
    assert.ok(Math.abs(box.x1 - (cx - w / 2) * 220) < 1e-3);
    assert.ok(Math.abs(box.x2 - (cx + w / 2) * 220) < 1e-3);
    assert.ok(Math.abs(box.y1 - (cy - h / 2) * 110) < 1e-3);
    assert.ok(Math.abs(box.y2 - (cy + h / 2) * 110) < 1e-3);
  });

  it('clamps boxes that reach past the picture', () => {
    const output = emptyOutput();
    // Corner cell with a box larger than the picture: sigmoid(4) ≈ 0.98 wide.
    setCell(output.data, { gx: 0, gy: 0, objectness: 0.99, tw: 4, th: 4, classes: { 5: 0.99 } });
    const [box] = fastestDetDecoder.decode([output], context);
    assert.ok(box);
    assert.deepEqual([box.x1, box.y1], [0, 0]);
    assert.ok(box.x2 > 0 && box.x2 <= 220 && box.y2 > 0 && box.y2 <= 110);
  });

  it('keeps only cells scoring above the threshold', () => {
    const output = emptyOutput();
    setCell(output.data, { gx: 1, gy: 1, objectness: 0.5, classes: { 3: 0.5 } });
    setCell(output.data, { gx: 2, gy: 2, objectness: 0.51, classes: { 3: 0.51 } });
    const boxes = fastestDetDecoder.decode([output], context);
    assert.equal(boxes.length, 1);
    assert.ok(boxes[0] && boxes[0].score > 0.5);
  });

  it('reads the class count from the output shape and refuses other layouts', () => {
    const info = (shape: (number | string)[]) => [{ name: '758', type: 'float32', shape }];
    assert.equal(fastestDetDecoder.classCount(info([1, 85, 22, 22])), 80);
    assert.equal(fastestDetDecoder.classCount(info([1, 25, 'rows', 'cols'])), 20);
    assert.throws(() => fastestDetDecoder.classCount(info([1, 25200, 85])), /\[1, 25200, 85\]/);
    assert.throws(() => fastestDetDecoder.classCount([]), /one output/);
  });

  it('is the registered decoder named fastestdet', () => {
    assert.equal(getDecoder('fastestdet'), fastestDetDecoder);
    assert.throws(() => getDecoder('yolov9'), /yolov9/);
  });
});
