import assert from 'node:assert/strict';
import { create } from 'xmlbuilder2';
import { converter } from '@autoannotate/operator-object-detection';
import type { DetectionOutput } from '@autoannotate/operator-object-detection';
import { OutputError } from '@autoannotate/runtime';
import type {
  ConversionTask,
  OperatorFile,
  RectangleLabelsResult,
  StepOutput,
} from '@autoannotate/runtime';

const task: ConversionTask = {
  taskId: 7,
  taskType: 'object-detection',
  labels: { classes: ['car', 'person'] },
  steps: [],
};
const file: OperatorFile = {
  id: 42,
  path: '/data/street/a.jpg',
  relativePath: 'street/a.jpg',
  kind: 'image',
  size: 1000,
};

/** The part of the DOM Element API (as xmlbuilder2 implements it) the test reads. */
interface DomElement {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<DomElement>;
}

function detection(output: DetectionOutput): StepOutput[] {
  return [{ operator: 'object-detection', output }];
}

const twoBoxes: DetectionOutput = {
  width: 200,
  height: 100,
  boxes: [
    { label: 'person', score: 0.7, x1: 10, y1: 20, x2: 50, y2: 90 },
    { label: 'car', score: 0.9, x1: 100, y1: 40, x2: 180, y2: 80 },
  ],
};

function rectangles(output: DetectionOutput): RectangleLabelsResult[] {
  return converter.convert(task, { file }, detection(output)).results as RectangleLabelsResult[];
}

describe('object-detection converter', () => {
  it('gives two boxes string ids, unique and the same on every conversion (C-10)', () => {
    const first = rectangles(twoBoxes);
    const second = rectangles({ ...twoBoxes, boxes: [...twoBoxes.boxes].reverse() });
    const ids = first.map((result) => result.id);
    assert.equal(ids.length, 2);
    for (const id of ids) {
      assert.equal(typeof id, 'string');
      assert.match(id, /^[A-Za-z0-9_-]+$/);
    }
    assert.equal(new Set(ids).size, 2);
    assert.deepEqual(second, first);
    assert.deepEqual(
      first.map((result) => result.value.rectanglelabels),
      [['car'], ['person']],
    );
  });

  it('writes boxes in percent of the image with the Label Studio fields (C-10)', () => {
    const [car] = rectangles(twoBoxes);
    assert.deepEqual(car, {
      id: car?.id,
      type: 'rectanglelabels',
      from_name: 'label',
      to_name: 'image',
      original_width: 200,
      original_height: 100,
      image_rotation: 0,
      score: 0.9,
      value: { x: 50, y: 40, width: 40, height: 40, rotation: 0, rectanglelabels: ['car'] },
    });
  });

  it('keeps every percent coordinate within 0..100 (C-10)', () => {
    const results = rectangles({
      width: 640,
      height: 480,
      boxes: [
        { label: 'car', score: 0.8, x1: -30, y1: -5, x2: 700, y2: 500 },
        { label: 'person', score: 0.6, x1: 600.3, y1: 1, x2: 640.0001, y2: 479.9999 },
      ],
    });
    assert.equal(results.length, 2);
    for (const { value } of results) {
      for (const number of [value.x, value.y, value.width, value.height]) {
        assert.ok(number >= 0 && number <= 100, `${number} outside 0..100`);
      }
      assert.ok(value.x + value.width <= 100 && value.y + value.height <= 100);
    }
    assert.deepEqual(results[0]?.value, {
      x: 0,
      y: 0,
      width: 100,
      height: 100,
      rotation: 0,
      rectanglelabels: ['car'],
    });
  });

  it('counts regions, averages the score and drops labels the task does not offer', () => {
    const conversion = converter.convert(
      task,
      { file },
      detection({
        ...twoBoxes,
        boxes: [...twoBoxes.boxes, { label: 'dog', score: 0.95, x1: 0, y1: 0, x2: 10, y2: 10 }],
      }),
    );
    assert.equal(conversion.regionCount, 2);
    assert.ok(Math.abs((conversion.score ?? 0) - 0.8) < 1e-9);
    assert.equal(conversion.dropped.length, 1);
    assert.match(conversion.dropped[0] ?? '', /"dog"/);
    assert.ok(
      conversion.results.every(
        (result) =>
          result.type === 'rectanglelabels' && !result.value.rectanglelabels.includes('dog'),
      ),
    );
  });

  it('gives no score and no regions for an image without boxes', () => {
    const conversion = converter.convert(
      task,
      { file },
      detection({
        width: 10,
        height: 10,
        boxes: [],
      }),
    );
    assert.deepEqual([conversion.regionCount, conversion.results.length], [0, 0]);
    assert.equal(conversion.score, undefined);
  });

  it('refuses an output that is not a detection', () => {
    assert.throws(
      () =>
        converter.convert(task, { file }, [
          { operator: 'object-detection', output: { width: 10, boxes: 'none' } },
        ]),
      OutputError,
    );
  });

  it('escapes & and < in class names in the label config (C-10)', () => {
    const name = 'salt & pepper <shaker>';
    const xml = converter.labelConfig({ ...task, labels: { classes: [name, 'car'] } });
    assert.ok(
      xml.includes('value="salt &amp; pepper &lt;shaker>"') ||
        xml.includes('value="salt &amp; pepper &lt;shaker&gt;"'),
      xml,
    );
    // Read back through the DOM, which decodes entities (the object format re-escapes them).
    const view = create(xml).root().node as unknown as DomElement;
    assert.equal(view.tagName, 'View');
    const image = view.getElementsByTagName('Image')[0];
    assert.deepEqual(
      [image?.getAttribute('name'), image?.getAttribute('value')],
      ['image', '$image'],
    );
    const control = view.getElementsByTagName('RectangleLabels')[0];
    assert.deepEqual(
      [control?.getAttribute('name'), control?.getAttribute('toName')],
      ['label', 'image'],
    );
    const labels = Array.from(view.getElementsByTagName('Label'), (label) =>
      label.getAttribute('value'),
    );
    assert.deepEqual(labels, [name, 'car']);
  });

  it('points the task at the file through Label Studio local files', async () => {
    const data = await converter.taskData(file, async () => '');
    assert.deepEqual(data, { image: '/data/local-files/?d=street/a.jpg' });
    const oddName = { ...file, relativePath: 'a b/c&d#1.jpg' };
    const odd = await converter.taskData(oddName, async () => '');
    assert.deepEqual(odd, { image: '/data/local-files/?d=a%20b/c%26d%231.jpg' });
  });
});
