import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RectangleLabelsResult } from '@autoannotate/runtime';
import { makeHarness } from '../helpers/harness';
import { LabelStudioEditor, requireChromium } from '../helpers/label-studio-editor';
import { repoRoot, sharedImagesDir, sharedModelPath } from '../helpers/paths';
import { tempDir } from '../helpers/temp';
import { writePhoneJpeg } from '../object-detection/support/images';
import { editorDifferences } from './support/editor-differences';
import { predictionOf, runAndExport, taskOf, type ExportedTask } from './support/exported-task';
import { openPrediction } from './support/open-prediction';

/**
 * The shared photos as dataset files, what FastestDet finds in each (as in the model README)
 * and their size in pixels (as in the images README). The taxis sit in a folder and under a
 * name that must be percent-encoded in the local-files URL; the second jockey is stored the way
 * a phone stores an upright shot (pixels turned, EXIF orientation 6), which the browser turns
 * back, so the editor shows it upright.
 */
const photos: ReadonlyArray<{
  source: string;
  file: string;
  labels: string[];
  size: [number, number];
  phone?: boolean;
}> = [
  {
    source: 'taxis.jpg',
    file: 'new york/taxis & cabs #1.jpg',
    labels: Array(10).fill('car'),
    size: [1280, 853],
  },
  { source: 'chelsea.png', file: 'chelsea.png', labels: ['cat'], size: [451, 300] },
  { source: 'plane.jpg', file: 'plane.jpg', labels: ['aeroplane'], size: [1280, 853] },
  {
    source: 'soccer.jpg',
    file: 'soccer.jpg',
    labels: ['person', 'person', 'person'],
    size: [1280, 853],
  },
  {
    source: 'jockey.jpg',
    file: 'jockey.jpg',
    labels: ['horse', 'person', 'person'],
    size: [640, 426],
  },
  {
    source: 'dog-human.jpg',
    file: 'dog-human.jpg',
    labels: ['dog', 'person', 'person'],
    size: [640, 962],
  },
  {
    source: 'jockey.jpg',
    file: 'phone/jockey-o6.jpg',
    labels: ['horse', 'person', 'person'],
    size: [640, 426],
    phone: true,
  },
];

interface PlacedBox {
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function placed(label: string, box: Omit<PlacedBox, 'label'>): PlacedBox {
  return { label, x: box.x, y: box.y, width: box.width, height: box.height };
}

function byLabelThenX(a: PlacedBox, b: PlacedBox): number {
  return a.label < b.label ? -1 : a.label > b.label ? 1 : a.x - b.x;
}

describe('object detection results in the Label Studio editor', () => {
  let editor: LabelStudioEditor | undefined;
  let exported: ExportedTask;

  before(async function () {
    requireChromium(this);
    const dataset = tempDir('aa-photos-');
    for (const photo of photos) {
      const source = path.join(sharedImagesDir, photo.source);
      const target = path.join(dataset, photo.file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (photo.phone) await writePhoneJpeg(fs.readFileSync(source), target);
      else fs.copyFileSync(source, target);
    }
    const h = await makeHarness({
      operators: [{ path: path.join(repoRoot, 'operators', 'object-detection') }],
      config: { fileWorkers: 2 },
    });
    try {
      exported = await runAndExport(h, dataset, 'object-detection', [
        {
          operator: 'object-detection',
          params: { modelPath: sharedModelPath, scoreThreshold: 0.5 },
        },
      ]);
    } finally {
      await h.close();
    }
    // The exported data.image URLs are served as they are, from the dataset folder, the way a
    // Label Studio server whose local-files document root is that folder serves them.
    editor = await LabelStudioEditor.start({ localFilesRoot: dataset });
  });
  after(async () => editor?.close());

  for (const photo of photos) {
    it(`loads every detection box of ${photo.file} with its label, inside the photo`, async () => {
      const task = taskOf(exported, photo.file);
      const prediction = await openPrediction(editor!, exported.labelConfig, task);

      assert.deepEqual(editorDifferences(predictionOf(task), prediction), []);
      assert.deepEqual(
        prediction.regions.map((region) => region.labels.join('+')).sort(),
        photo.labels,
      );
      assert.ok(prediction.regions.every((r) => r.type === 'rectangleregion' && r.score! > 0.5));
      assert.deepEqual(prediction.relations, []);
      // The browser decoded the photo behind the exported URL, at the size the boxes refer to.
      assert.deepEqual(
        prediction.images.map((image) => [image.naturalWidth, image.naturalHeight]),
        [photo.size],
      );
    });
  }

  it('draws the boxes of the phone photo where the same boxes sit on the upright photo', async () => {
    const upright = predictionOf(taskOf(exported, 'jockey.jpg')) as RectangleLabelsResult[];
    const phone = await openPrediction(
      editor!,
      exported.labelConfig,
      taskOf(exported, 'phone/jockey-o6.jpg'),
    );
    const expected = upright
      .map((r) => placed(r.value.rectanglelabels[0]!, r.value))
      .sort(byLabelThenX);
    const shown = phone.regions.map((r) => placed(r.labels[0]!, r.box!.percent)).sort(byLabelThenX);

    assert.deepEqual(
      shown.map((box) => box.label),
      expected.map((box) => box.label),
    );
    shown.forEach((box, i) => {
      // Re-encoding the turned JPEG moves a detection by a pixel or two; a box left in the
      // stored (turned) frame would be off by tens of percent.
      for (const key of ['x', 'y', 'width', 'height'] as const) {
        const want = expected[i]![key];
        assert.ok(Math.abs(box[key] - want) < 1, `${box.label} ${key}: ${box[key]} vs ${want}`);
      }
    });
  });

  it('has an editor check for every exported task (one per photo)', () => {
    assert.deepEqual(
      exported.tasks.map((task) => task.meta?.file_path).sort(),
      photos.map((photo) => photo.file).sort(),
    );
  });
});
