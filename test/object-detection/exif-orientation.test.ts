import assert from 'node:assert/strict';
import path from 'node:path';
import sharp from 'sharp';
import { converter, operator } from '@autoannotate/operator-object-detection';
import type { DetectionOutput } from '@autoannotate/operator-object-detection';
import { readImageTensor } from '@autoannotate/operator-object-detection/preprocess';
import type { OperatorInstance, RectangleLabelsResult } from '@autoannotate/runtime';
import { imageFile, inputFor, makeTempDir, operatorContext, removeDir } from './support/context';
import { darkRegion, squarePicture, writePhoneJpeg } from './support/images';
import { sharedImagePath } from './support/paths';

function convertOne(file: ReturnType<typeof imageFile>, output: DetectionOutput) {
  const task = {
    taskId: 1,
    taskType: 'object-detection',
    labels: { classes: ['square', 'cat'] },
    steps: [],
  };
  const conversion = converter.convert(task, { file }, [{ operator: 'object-detection', output }]);
  return conversion.results as RectangleLabelsResult[];
}

describe('object-detection on photos with EXIF orientation (C-06)', () => {
  let dir: string;
  let detector: OperatorInstance<DetectionOutput>;

  before(async () => {
    dir = await makeTempDir();
    detector = await operator.create(operatorContext(), operator.spec.parseParams({ threads: 1 }));
  });

  after(async () => {
    await detector?.close?.();
    await removeDir(dir);
  });

  it('orients the picture before inference and records the oriented size (C-06)', async () => {
    // Upright 240x320 with the square in the top-right corner; stored as 320x240 + EXIF 6.
    const filePath = path.join(dir, 'square-o6.jpg');
    await writePhoneJpeg(await squarePicture(240, 320, { left: 160, top: 0, size: 80 }), filePath);
    const stored = await sharp(filePath).metadata();
    assert.deepEqual([stored.width, stored.height, stored.orientation], [320, 240, 6]);

    const output = await detector.execute(inputFor(imageFile(filePath)));
    assert.deepEqual([output.width, output.height], [240, 320]);

    // The tensor the model sees, read at the oriented size so pixels map one to one.
    const read = await readImageTensor(filePath, { width: 240, height: 320 }, 1e8);
    assert.ok(read.ok, read.ok ? '' : read.reason);
    const blue = read.image.data.subarray(0, 240 * 320);
    const square = darkRegion(blue, 240, 320);
    for (const [actual, expected] of [
      [square.x1, 160],
      [square.y1, 0],
      [square.x2, 240],
      [square.y2, 80],
    ]) {
      assert.ok(
        Math.abs((actual ?? NaN) - (expected ?? NaN)) <= 2,
        `square at ${JSON.stringify(square)}, expected [160, 0, 240, 80]`,
      );
    }

    const [result] = convertOne(imageFile(filePath), {
      width: output.width,
      height: output.height,
      boxes: [{ label: 'square', score: 0.9, ...square }],
    });
    assert.ok(result);
    assert.deepEqual([result.original_width, result.original_height], [240, 320]);
    const { x, y, width, height } = result.value;
    assert.ok(Math.abs(x - 66.67) < 1 && Math.abs(y) < 1, `top-left at ${x}%, ${y}%`);
    assert.ok(Math.abs(width - 33.33) < 1 && Math.abs(height - 25) < 1, `${width}% x ${height}%`);
  });

  it('places the box over the object as the editor shows the photo (C-06)', async () => {
    // Upright 902x600 with the cat photo (451x300) in the top-right quarter.
    const cat = await sharp(sharedImagePath('chelsea.png')).removeAlpha().toBuffer();
    const upright = await sharp({
      create: { width: 902, height: 600, channels: 3, background: '#ffffff' },
    })
      .composite([{ input: cat, left: 451, top: 0 }])
      .png()
      .toBuffer();
    const filePath = path.join(dir, 'cat-o6.jpg');
    await writePhoneJpeg(upright, filePath);

    const file = imageFile(filePath);
    const output = await detector.execute(inputFor(file));
    assert.deepEqual([output.width, output.height], [902, 600]);
    assert.deepEqual(
      output.boxes.map((box) => box.label),
      ['cat'],
    );

    const [result] = convertOne(file, output);
    assert.ok(result);
    const { x, y, width, height } = result.value;
    // The cat fills x 50..100 %, y 0..50 % of the upright photo; the model's box is rough.
    assert.ok(Math.abs(x - 50) < 4 && y < 4, `top-left at ${x}%, ${y}%`);
    assert.ok(x + width > 90 && x + width <= 100, `right edge at ${x + width}%`);
    assert.ok(Math.abs(y + height - 50) < 5, `bottom edge at ${y + height}%`);
  });
});
