import assert from 'node:assert/strict';
import { LabelStudioEditor, requireChromium } from '../helpers/label-studio-editor';
import { editorDifferences } from './support/editor-differences';
import { predictionOf, taskOf, type ExportedTask } from './support/exported-task';
import { exportLlmTask } from './support/llm-export';
import { openPrediction } from './support/open-prediction';

/** A text, what the stand-in model answers for it, and the choices the editor must check. */
interface ClassifiedText {
  readonly text: string;
  readonly answer: unknown;
  readonly checked: string[];
}

/** Labels with accents, `&`, `<` and (below) quotes: the label config must carry them intact. */
const singleLabel: Record<string, ClassifiedText> = {
  'lovely.txt': {
    text: 'What a lovely day 🙂, thanks to the R&D team!',
    answer: { label: 'positive' },
    checked: ['positive'],
  },
  'leider.txt': {
    text: 'Das war leider nichts. 😞\r\nNie wieder.',
    answer: { label: 'NÉGATIF' },
    checked: ['négatif'],
  },
  'mixed.txt': {
    text: '物流很慢，但客服很好。',
    answer: { label: 'mixed & <unsure>' },
    checked: ['mixed & <unsure>'],
  },
};

const multiLabel: Record<string, ClassifiedText> = {
  'late.txt': {
    text: 'The parcel came two weeks late, but "thanks" to Zoë it was refunded.',
    answer: { labels: ['delivery', 'praise "thanks"', 'billing'] },
    checked: ['billing', 'delivery', 'praise "thanks"'],
  },
  'invoice.txt': {
    text: 'Invoice 42 was charged twice.',
    answer: { labels: ['billing'] },
    checked: ['billing'],
  },
};

function answersOf(files: Record<string, ClassifiedText>): Map<string, unknown> {
  return new Map(Object.values(files).map(({ text, answer }) => [text, answer]));
}

function textsOf(files: Record<string, ClassifiedText>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([name, { text }]) => [name, text]));
}

describe('text classification results in the Label Studio editor', () => {
  let editor: LabelStudioEditor | undefined;
  let single: ExportedTask;
  let multiple: ExportedTask;

  before(async function () {
    requireChromium(this);
    single = await exportLlmTask({
      operator: 'llm-text-classification',
      taskType: 'text-classification',
      params: { labels: ['positive', 'négatif', 'mixed & <unsure>'] },
      texts: textsOf(singleLabel),
      answers: answersOf(singleLabel),
    });
    multiple = await exportLlmTask({
      operator: 'llm-text-classification',
      taskType: 'text-classification',
      params: { labels: ['billing', 'delivery', 'praise "thanks"'], multiLabel: true },
      texts: textsOf(multiLabel),
      answers: answersOf(multiLabel),
    });
    editor = await LabelStudioEditor.start();
  });
  after(async () => editor?.close());

  it('checks the one chosen class of each text', async () => {
    assert.equal(single.tasks.length, Object.keys(singleLabel).length);
    for (const [file, { checked }] of Object.entries(singleLabel)) {
      const task = taskOf(single, file);
      const prediction = await openPrediction(editor!, single.labelConfig, task);
      assert.deepEqual(editorDifferences(predictionOf(task), prediction), [], file);
      assert.deepEqual(prediction.checkedChoices, [{ control: 'label', checked }], file);
      assert.equal(prediction.classifications.length, 1);
      assert.deepEqual(prediction.regions, []);
    }
  });

  it('checks every chosen class of a multi-label text', async () => {
    assert.equal(multiple.tasks.length, Object.keys(multiLabel).length);
    for (const [file, { checked }] of Object.entries(multiLabel)) {
      const task = taskOf(multiple, file);
      const prediction = await openPrediction(editor!, multiple.labelConfig, task);
      assert.deepEqual(editorDifferences(predictionOf(task), prediction), [], file);
      const shown = prediction.checkedChoices.map((c) => [c.control, [...c.checked].sort()]);
      assert.deepEqual(shown, [['label', checked]], file);
      assert.equal(prediction.classifications.length, 1);
    }
  });
});
