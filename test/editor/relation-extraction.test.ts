import assert from 'node:assert/strict';
import type { LabelStudioResult } from '@autoannotate/runtime';
import {
  LabelStudioEditor,
  requireChromium,
  type EditorAnnotation,
} from '../helpers/label-studio-editor';
import { codePointSlice } from './support/code-point-slice';
import { editorDifferences } from './support/editor-differences';
import { predictionOf, taskOf, type ExportedTask } from './support/exported-task';
import { exportLlmTask } from './support/llm-export';
import { openPrediction } from './support/open-prediction';

const relationTypes = [
  { name: 'works_for', head: ['PER'], tail: ['ORG'] },
  { name: 'located_in', head: ['ORG'], tail: ['LOC'] },
  'founded',
];

/**
 * Texts, the model's answer for each, and the relations the annotator must see:
 * [head text@start, tail text@start, labels], in the order of their heads.
 */
const files: Record<
  string,
  { text: string; answer: unknown; shown: Array<[string, string, string[]]> }
> = {
  'acme.txt': {
    text: 'Zoë works for Acme Ltd in 北京 🙂. Later 王芳 joined Acme Ltd.',
    answer: {
      entities: [
        { id: 'e1', type: 'PER', text: 'Zoë' },
        { id: 'e2', type: 'ORG', text: 'Acme Ltd' },
        { id: 'e3', type: 'LOC', text: '北京' },
        { id: 'e4', type: 'PER', text: '王芳' },
      ],
      relations: [
        { type: 'works_for', head: 'e1', tail: 'e2' },
        { type: 'founded', head: 'Zoë', tail: 'e2' },
        { type: 'works_for', head: 'e4', tail: 'e2' },
        { type: 'located_in', head: 'e2', tail: 'e3' },
      ],
    },
    shown: [
      ['Zoë@0', 'Acme Ltd@14', ['founded', 'works_for']],
      ['Acme Ltd@14', '北京@26', ['located_in']],
      ['王芳@38', 'Acme Ltd@48', ['works_for']],
    ],
  },
  'memo.txt': {
    text: 'Memo 👩‍💻\r\nWang Fang (R&D) works for <Globex>, based in Zürich.\r\n',
    answer: {
      entities: [
        { id: 'p', type: 'PER', text: 'Wang Fang' },
        { id: 'o', type: 'ORG', text: '<Globex>' },
        { id: 'l', type: 'LOC', text: 'Zürich' },
      ],
      relations: [
        { type: 'works_for', head: 'p', tail: 'o' },
        { type: 'located_in', head: 'o', tail: 'l' },
      ],
    },
    shown: [
      ['Wang Fang@10', '<Globex>@36', ['works_for']],
      ['<Globex>@36', 'Zürich@55', ['located_in']],
    ],
  },
};

/** Each relation the editor holds, its ends named by the text they highlight and where. */
function relationsShown(prediction: EditorAnnotation): Array<[string, string, string[]]> {
  const spanOf = new Map(
    prediction.regions.map((r) => [r.id, `${r.span!.highlighted}@${r.span!.start}`]),
  );
  return prediction.relations.map((r) => [
    spanOf.get(r.from)!,
    spanOf.get(r.to)!,
    [...r.labels].sort(),
  ]);
}

describe('relation extraction results in the Label Studio editor', () => {
  let editor: LabelStudioEditor | undefined;
  let exported: ExportedTask;

  before(async function () {
    requireChromium(this);
    exported = await exportLlmTask({
      operator: 'llm-relation-extraction',
      taskType: 'relation-extraction',
      params: { entityTypes: ['PER', 'ORG', 'LOC'], relationTypes },
      texts: Object.fromEntries(Object.entries(files).map(([name, { text }]) => [name, text])),
      answers: new Map(Object.values(files).map(({ text, answer }) => [text, answer])),
    });
    editor = await LabelStudioEditor.start();
  });
  after(async () => editor?.close());

  for (const [file, { text, shown }] of Object.entries(files)) {
    it(`links the entities of ${file} with every relation and its labels`, async () => {
      const task = taskOf(exported, file);
      const results: readonly LabelStudioResult[] = predictionOf(task);
      const prediction = await openPrediction(editor!, exported.labelConfig, task);

      assert.deepEqual(editorDifferences(results, prediction), []);
      assert.deepEqual(relationsShown(prediction), shown);
      assert.ok(prediction.relations.every((relation) => relation.direction === 'right'));
      assert.equal(prediction.regions.length, results.filter((r) => r.type === 'labels').length);
      for (const region of prediction.regions) {
        assert.equal(region.labels.length, 1, `span ${region.id} lost its label`);
        assert.equal(
          region.span!.highlighted,
          codePointSlice(text, region.span!.start, region.span!.end),
        );
      }
    });
  }
});
