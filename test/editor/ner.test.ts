import assert from 'node:assert/strict';
import type { LabelsResult } from '@autoannotate/runtime';
import { LabelStudioEditor, requireChromium } from '../helpers/label-studio-editor';
import { codePointSlice } from './support/code-point-slice';
import { editorDifferences } from './support/editor-differences';
import { predictionOf, taskOf, type ExportedTask } from './support/exported-task';
import { exportLlmTask } from './support/llm-export';
import { openPrediction } from './support/open-prediction';

/**
 * Texts where UTF-16 and code-point offsets part ways (emoji, a ZWJ family, CJK), with Windows
 * line ends, a tab and characters HTML would swallow; what the model names in each, and the
 * spans (label, text) the annotator must see highlighted, in order.
 */
const files: Record<string, { text: string; entities: unknown[]; shown: Array<[string, string]> }> =
  {
    'beijing.txt': {
      text: 'Zoë met Wang Fang (王芳) in 北京 🙂. 王芳 said 北京 is home; Zoë agreed 🎉 and left 北京 with Zoëlla.',
      entities: [
        { type: 'PER', text: 'Zoë' },
        { type: 'PER', text: 'Wang Fang' },
        { type: 'PER', text: '王芳' },
        { type: 'LOC', text: '北京' },
      ],
      shown: [
        ['PER', 'Zoë'],
        ['PER', 'Wang Fang'],
        ['PER', '王芳'],
        ['LOC', '北京'],
        ['PER', '王芳'],
        ['LOC', '北京'],
        ['PER', 'Zoë'],
        ['LOC', '北京'],
      ],
    },
    'letter.txt': {
      text: 'Dear Zoë,\r\n\r\nthe <Acme> & Co. office in Zürich 🏔️ moved.\r\n\tWang Fang\r\n',
      entities: [
        { type: 'PER', text: 'Zoë' },
        { type: 'ORG', text: '<Acme> & Co.' },
        { type: 'LOC', text: 'Zürich' },
        { type: 'PER', text: 'Wang Fang' },
      ],
      shown: [
        ['PER', 'Zoë'],
        ['ORG', '<Acme> & Co.'],
        ['LOC', 'Zürich'],
        ['PER', 'Wang Fang'],
      ],
    },
    'family.txt': {
      text: 'The family 👩‍👩‍👧‍👦 of Zoë visited Paris; Zoë loved Paris.',
      entities: [
        { type: 'PER', text: 'Zoë' },
        { type: 'LOC', text: 'Paris' },
      ],
      shown: [
        ['PER', 'Zoë'],
        ['LOC', 'Paris'],
        ['PER', 'Zoë'],
        ['LOC', 'Paris'],
      ],
    },
  };

describe('NER results in the Label Studio editor', () => {
  let editor: LabelStudioEditor | undefined;
  let exported: ExportedTask;

  before(async function () {
    requireChromium(this);
    exported = await exportLlmTask({
      operator: 'llm-ner',
      taskType: 'ner',
      params: { entityTypes: ['PER', 'LOC', 'ORG'] },
      texts: Object.fromEntries(Object.entries(files).map(([name, { text }]) => [name, text])),
      answers: new Map(Object.values(files).map(({ text, entities }) => [text, { entities }])),
    });
    editor = await LabelStudioEditor.start();
  });
  after(async () => editor?.close());

  for (const [file, { text, shown }] of Object.entries(files)) {
    it(`highlights every entity of ${file} at its code-point offsets with its label`, async () => {
      const task = taskOf(exported, file);
      assert.equal(task.data.text, text);
      const results = predictionOf(task) as LabelsResult[];
      const prediction = await openPrediction(editor!, exported.labelConfig, task);

      assert.deepEqual(editorDifferences(results, prediction), []);
      const spans = [...prediction.regions].sort((a, b) => a.span!.start - b.span!.start);
      assert.deepEqual(
        spans.map((region) => [region.labels.join('+'), region.span!.highlighted]),
        shown,
      );
      for (const region of spans) {
        assert.equal(region.type, 'richtextregion');
        assert.equal(
          region.span!.highlighted,
          codePointSlice(text, region.span!.start, region.span!.end),
        );
      }
      assert.deepEqual(prediction.relations, []);
    });
  }
});
