import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { create } from 'xmlbuilder2';
import {
  exportTask,
  type LabelStudioTask,
  type RectangleLabelsResult,
} from '@autoannotate/runtime';
import { makeHarness, type Harness } from '../helpers/harness';
import { repoRoot, sharedImagesDir, sharedModelPath } from '../helpers/paths';
import { tempDir } from '../helpers/temp';

const detector = { path: path.join(repoRoot, 'operators', 'object-detection') };

/** name → attribute map of every element of a label config, to check names against results. */
function configNames(xml: string): { controls: Map<string, string>; objects: Set<string> } {
  const doc = create(xml).end({ format: 'object' }) as Record<string, unknown>;
  const controls = new Map<string, string>();
  const objects = new Set<string>();
  const visit = (node: unknown, tag: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, tag));
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (tag === 'Image' || tag === 'Text') objects.add(String(record['@name']));
    if (typeof record['@toName'] === 'string')
      controls.set(String(record['@name']), String(record['@toName']));
    for (const [key, child] of Object.entries(record)) if (!key.startsWith('@')) visit(child, key);
  };
  visit(doc, '');
  return { controls, objects };
}

describe('object-detection task end to end', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('annotates the shared photos and exports tasks that Label Studio can open', async () => {
    h = await makeHarness({ operators: [detector], config: { fileWorkers: 2 } });
    const images = tempDir();
    for (const name of fs.readdirSync(sharedImagesDir).filter((f) => /\.(jpg|png)$/.test(f))) {
      fs.copyFileSync(path.join(sharedImagesDir, name), path.join(images, name));
    }
    fs.writeFileSync(path.join(images, 'broken.jpg'), Buffer.from('not a jpeg at all'));
    const task = await h.submit(images, 'object-detection', [
      { operator: 'object-detection', params: { modelPath: sharedModelPath, scoreThreshold: 0.5 } },
    ]);
    await h.host.runUntilIdle();

    const done = await h.store.getTask(task.id);
    assert.equal(done?.status, 'completed');
    assert.deepEqual([done?.totalImages, done?.processedImages, done?.failedImages], [7, 7, 1]);
    assert.equal(done?.detectedObjects, 21);
    const [failure] = await h.store.listFailures(task.id);
    assert.match(failure!.reason, /broken\.jpg/);

    const out = await exportTask(h.store, h.parts.registry, task.id, tempDir());
    assert.equal(out.taskCount, 6);
    const tasks = JSON.parse(fs.readFileSync(out.tasksFile, 'utf8')) as LabelStudioTask[];
    const { controls, objects } = configNames(fs.readFileSync(out.labelConfigFile, 'utf8'));
    const ids = new Set<string>();
    const perImage = new Map<string, string[]>();
    for (const lsTask of tasks) {
      assert.match(String(lsTask.data.image), /^\/data\/local-files\/\?d=[\w-]+\.(jpg|png)$/);
      const regions = lsTask.predictions[0]!.result as RectangleLabelsResult[];
      for (const region of regions) {
        assert.equal(typeof region.id, 'string');
        assert.ok(!ids.has(region.id), `region id ${region.id} repeats`);
        ids.add(region.id);
        assert.equal(controls.get(region.from_name), region.to_name);
        assert.ok(objects.has(region.to_name));
        const { x, y, width, height } = region.value;
        for (const v of [x, y, width, height])
          assert.ok(v >= 0 && v <= 100, `${v} is not a percent`);
        assert.ok(x + width <= 100.0001 && y + height <= 100.0001);
      }
      perImage.set(
        String(lsTask.meta?.file_path),
        regions.map((r) => r.value.rectanglelabels[0]!).sort(),
      );
    }
    assert.deepEqual(perImage.get('taxis.jpg'), Array(10).fill('car'));
    assert.deepEqual(perImage.get('chelsea.png'), ['cat']);
    assert.deepEqual(perImage.get('plane.jpg'), ['aeroplane']);
    assert.deepEqual(perImage.get('soccer.jpg'), ['person', 'person', 'person']);
    assert.deepEqual(perImage.get('jockey.jpg'), ['horse', 'person', 'person']);
    assert.deepEqual(perImage.get('dog-human.jpg'), ['dog', 'person', 'person']);

    // The biggest taxi, in percent of the 1280x853 photo, matches the model README's pixels.
    const taxis = tasks.find((t) => t.meta?.file_path === 'taxis.jpg')!.predictions[0]!
      .result as RectangleLabelsResult[];
    const best = [...taxis].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0]!;
    const px = [
      best.value.x * 12.8,
      best.value.y * 8.53,
      (best.value.x + best.value.width) * 12.8,
      (best.value.y + best.value.height) * 8.53,
    ];
    [638, 553, 1028, 804].forEach((expected, i) =>
      assert.ok(Math.abs(px[i]! - expected) <= 3, `corner ${i}: ${px[i]} vs ${expected}`),
    );
  });

  it('stores each result as soon as its file is done', async () => {
    h = await makeHarness({ operators: [detector], config: { fileWorkers: 1 } });
    const images = tempDir();
    fs.copyFileSync(path.join(sharedImagesDir, 'plane.jpg'), path.join(images, 'plane.jpg'));
    const task = await h.submit(images, 'object-detection', [
      { operator: 'object-detection', params: { modelPath: sharedModelPath } },
    ]);
    let rowsWhenFileDone = -1;
    h.host.events.once('file:done', () => {
      void h.store.getProjectForTask(task.id).then(async (p) => {
        rowsWhenFileDone = await h.store.countResults(p!.id);
      });
    });
    await h.host.runUntilIdle();
    assert.equal(rowsWhenFileDone, 1);
  });
});
