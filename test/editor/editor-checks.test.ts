import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type {
  ConverterPlugin,
  LabelStudioResult,
  LabelStudioTask,
  OperatorFile,
  StepOutput,
} from '@autoannotate/runtime';
import {
  converter as detectionConverter,
  type DetectionOutput,
} from '@autoannotate/operator-object-detection';
import { converter as classificationConverter } from '@autoannotate/operator-llm-text-classification';
import { converter as relationConverter } from '@autoannotate/operator-llm-relation-extraction';
import type { RelationOutput } from '@autoannotate/operator-llm-relation-extraction';
import { LabelStudioEditor, requireChromium } from '../helpers/label-studio-editor';
import { sharedImagesDir } from '../helpers/paths';
import { tempDir } from '../helpers/temp';
import { editorDifferences } from './support/editor-differences';

/**
 * A converter's real output for one file of a one-step pipeline, as an exported Label Studio
 * task and its label config.
 */
async function converted(
  converter: ConverterPlugin,
  labels: Record<string, string[]>,
  file: OperatorFile,
  step: StepOutput & { params?: unknown },
): Promise<{ labelConfig: string; task: LabelStudioTask; results: LabelStudioResult[] }> {
  const steps = [{ operator: step.operator, params: step.params ?? {} }];
  const conversionTask = { taskId: 1, taskType: converter.spec.taskType, labels, steps };
  const outputs = [{ operator: step.operator, output: step.output }];
  const { results } = converter.convert(conversionTask, { file }, outputs);
  const data = await converter.taskData(file, async () => fs.readFileSync(file.path, 'utf8'));
  return {
    labelConfig: converter.labelConfig(conversionTask),
    task: { data, predictions: [{ model_version: 'editor-checks', result: results }] },
    results: [...results],
  };
}

function textFile(text: string): OperatorFile {
  const filePath = path.join(tempDir('aa-editor-checks-'), 'note.txt');
  fs.writeFileSync(filePath, text);
  return { id: 7, path: filePath, relativePath: 'note.txt', kind: 'text', size: text.length };
}

const plane: OperatorFile = {
  id: 3,
  path: path.join(sharedImagesDir, 'plane.jpg'),
  relativePath: 'plane.jpg',
  kind: 'image',
  size: 94_297,
};
const planeBoxes: DetectionOutput = {
  width: 1280,
  height: 853,
  boxes: [
    { label: 'aeroplane', score: 0.9, x1: 200, y1: 300, x2: 1000, y2: 600 },
    { label: 'bird', score: 0.6, x1: 50, y1: 40, x2: 150, y2: 100 },
  ],
};

/**
 * The editor accepts many wrong results without a word (labelstudio-format.md, section 9). These
 * tests break real converter output the way a faulty converter would and show that the editor
 * checks catch each case, so a passing editor test means something.
 */
describe('the editor checks', () => {
  let editor: LabelStudioEditor | undefined;
  before(async function () {
    requireChromium(this);
    editor = await LabelStudioEditor.start({ localFilesRoot: sharedImagesDir });
  });
  after(async () => editor?.close());

  it('catch a box whose label is not offered and a box written in pixels', async () => {
    const { labelConfig, task, results } = await converted(
      detectionConverter,
      { classes: ['aeroplane', 'bird'] },
      plane,
      { operator: 'object-detection', output: planeBoxes },
    );
    const [plane0, bird] = results as Array<
      Extract<LabelStudioResult, { type: 'rectanglelabels' }>
    >;
    const broken = [
      { ...plane0!, value: { ...plane0!.value, rectanglelabels: ['airplane'] } },
      { ...bird!, value: { ...bird!.value, x: 50, y: 40, width: 100, height: 60 } },
    ];
    const view = await editor!.open(labelConfig, { ...task, predictions: [{ result: broken }] });

    assert.deepEqual(view.problems, [], 'the editor takes both without complaint');
    const found = editorDifferences(broken, view.state.predictions[0]!);
    assert.ok(
      found.includes(`region ${plane0!.id}: labels ["airplane"] became []`),
      found.join('\n'),
    );
    assert.ok(
      found.some((line) => line.startsWith(`region ${bird!.id}: drawn at [`)),
      found.join('\n'),
    );
  });

  it('catch a span shifted off its text and a relation to a span that is not there', async () => {
    const text = 'Zoë 🙂 works for Acme Ltd.';
    const output: RelationOutput = {
      entities: [
        { type: 'PER', start: 0, end: 3, text: 'Zoë' },
        { type: 'ORG', start: 16, end: 24, text: 'Acme Ltd' },
      ],
      relations: [{ type: 'works_for', head: 0, tail: 1 }],
      dropped: { items: [], counts: {} },
    };
    const { labelConfig, task, results } = await converted(
      relationConverter,
      { entities: ['PER', 'ORG'], relations: ['works_for'] },
      textFile(text),
      { operator: 'llm-relation-extraction', output },
    );
    const [zoe, acme, link] = results as [LabelStudioResult, LabelStudioResult, LabelStudioResult];
    assert.ok(acme.type === 'labels' && link.type === 'relation');
    // Offsets counted in UTF-16 units, as a converter forgetting the emoji would write them.
    const broken = [
      zoe,
      { ...acme, value: { ...acme.value, start: 17, end: 25 } },
      { ...link, to_id: 'gone' },
    ];
    const view = await editor!.open(labelConfig, { ...task, predictions: [{ result: broken }] });

    assert.deepEqual(view.problems, []);
    const found = editorDifferences(broken, view.state.predictions[0]!);
    assert.ok(
      found.includes(`region ${acme.id}: highlights "cme Ltd.", not "Acme Ltd"`),
      found.join('\n'),
    );
    assert.ok(found.includes(`relation ${link.from_id} -> gone was dropped`), found.join('\n'));
  });

  it('catch a choice the editor shows unchecked', async () => {
    const { labelConfig, task, results } = await converted(
      classificationConverter,
      { choices: ['positive', 'negative'] },
      textFile('Lovely.'),
      {
        operator: 'llm-text-classification',
        params: { modelId: 'm', labels: ['positive', 'negative'], multiLabel: false },
        output: { labels: ['positive'], dropped: { items: [], counts: {} } },
      },
    );
    const [choice] = results as Array<Extract<LabelStudioResult, { type: 'choices' }>>;
    const broken = [{ ...choice!, value: { choices: ['Positive'] } }];
    const view = await editor!.open(labelConfig, { ...task, predictions: [{ result: broken }] });

    assert.deepEqual(view.problems, []);
    const found = editorDifferences(broken, view.state.predictions[0]!);
    assert.ok(
      found.includes(`choices ${choice!.id}: ["Positive"] written, [] checked`),
      found.join('\n'),
    );
  });

  it('report an image the editor cannot load', async () => {
    const { labelConfig, task } = await converted(
      detectionConverter,
      { classes: ['aeroplane', 'bird'] },
      { ...plane, relativePath: 'not-here.jpg' },
      { operator: 'object-detection', output: planeBoxes },
    );
    const view = await editor!.open(labelConfig, task);

    const { problems, state } = view;
    assert.ok(
      problems.some((line) => /^HTTP 404 for .*d=not-here\.jpg$/.test(line)),
      problems.join('\n'),
    );
    assert.ok(
      state.editorErrors.some((line) => line.includes('not-here.jpg')),
      state.editorErrors.join('\n'),
    );
  });
});
