import assert from 'node:assert/strict';
import type { LabelsResult } from '@autoannotate/runtime';
import { converter, operator } from '@autoannotate/operator-llm-ner';
import { OpenAiStubServer, jsonAnswer } from '../helpers/openai-stub-server';
import { elementsOf } from './label-config-reader';
import {
  CountingModelConfigs,
  inputOf,
  operatorContext,
  stubModel,
  textFile,
} from './llm-fixtures';

/** Accents, Chinese, emoji before later mentions, repeated mentions and a longer word holding one. */
const TEXT =
  'Zoë met Wang Fang (王芳) in 北京 🙂. 王芳 said 北京 is home; Zoë agreed 🎉 and left 北京 with Zoëlla.';

/** What Label Studio shows for [start, end): code points of the text. */
const codePointSlice = (text: string, start: number, end: number) =>
  Array.from(text).slice(start, end).join('');

describe('llm-ner', () => {
  let stub: OpenAiStubServer;
  beforeEach(async () => {
    stub = await OpenAiStubServer.start();
  });
  afterEach(async () => stub.close());

  async function recognise(answer: unknown, text: string, entityTypes = ['PER', 'LOC', 'ORG']) {
    stub.reply(jsonAnswer(answer));
    const model = stubModel(stub);
    const context = operatorContext(new CountingModelConfigs([model]));
    const instance = await operator.create(
      context,
      operator.spec.parseParams({ modelId: model.modelId, entityTypes }),
    );
    return instance.execute(inputOf(textFile(text)));
  }

  it('marks every occurrence of each mention at code-point offsets', async () => {
    const output = await recognise(
      {
        entities: [
          { type: 'PER', text: 'Zoë' },
          { type: 'PER', text: 'Wang Fang', start: 99, end: 100 },
          { type: 'PER', text: '王芳' },
          { type: 'loc', text: '北京' },
          { type: 'LOC', text: '北京' },
        ],
      },
      TEXT,
    );

    assert.deepEqual(output.entities, [
      { type: 'PER', start: 0, end: 3, text: 'Zoë' },
      { type: 'PER', start: 8, end: 17, text: 'Wang Fang' },
      { type: 'PER', start: 19, end: 21, text: '王芳' },
      { type: 'LOC', start: 26, end: 28, text: '北京' },
      { type: 'PER', start: 32, end: 34, text: '王芳' },
      { type: 'LOC', start: 40, end: 42, text: '北京' },
      { type: 'PER', start: 52, end: 55, text: 'Zoë' },
      { type: 'LOC', start: 74, end: 76, text: '北京' },
    ]);
    for (const entity of output.entities) {
      assert.equal(codePointSlice(TEXT, entity.start, entity.end), entity.text);
    }
    assert.deepEqual(output.dropped, { items: [], counts: {} });
  });

  it('marks only the occurrence the model points at', async () => {
    const output = await recognise(
      { entities: [{ type: 'LOC', text: '北京', occurrence: 3 }] },
      TEXT,
    );
    assert.deepEqual(output.entities, [{ type: 'LOC', start: 74, end: 76, text: '北京' }]);
  });

  it('drops and counts unknown types, mentions not in the text and overlaps of one type', async () => {
    const output = await recognise(
      {
        entities: [
          { type: 'PER', text: 'Wang Fang' },
          { type: 'PER', text: 'Fang' },
          { type: 'DATE', text: 'home' },
          { type: 'EVENT', text: 'agreed' },
          { type: 'ORG', text: 'Acme' },
          { type: 'LOC', text: '北京', occurrence: 4 },
          { type: 'LOC' },
        ],
      },
      TEXT,
    );

    assert.deepEqual(output.entities, [{ type: 'PER', start: 8, end: 17, text: 'Wang Fang' }]);
    assert.deepEqual(output.dropped.counts, {
      'unknown-type': 2,
      'not-found': 2,
      overlap: 1,
      malformed: 1,
    });
    const messages = output.dropped.items.map((item) => item.message);
    assert.ok(messages.includes('entity "home" has type "DATE", not one of: PER, LOC, ORG'));
    assert.ok(messages.includes('entity "Acme" (ORG) does not occur in the text'));
    assert.ok(messages.includes('entity "北京" (LOC): occurrence 4 asked for, the text has 3'));
  });

  it('does not mark a mention inside a longer word, and falls back to a match ignoring case', async () => {
    const output = await recognise(
      { entities: [{ type: 'PER', text: 'ann' }] },
      'Anna met Ann and ANN.',
    );
    assert.deepEqual(output.entities, [
      { type: 'PER', start: 9, end: 12, text: 'Ann' },
      { type: 'PER', start: 17, end: 20, text: 'ANN' },
    ]);
  });

  it('sends the entity types and asks for mentions, not offsets', async () => {
    await recognise({ entities: [] }, 'Nothing here.');
    const system = stub.requests[0]?.body.messages[0].content as string;
    assert.match(system, /\["PER","LOC","ORG"\]/);
    assert.match(system, /Do not give character offsets/);
  });

  describe('converter', () => {
    const task = {
      taskId: 3,
      taskType: 'ner',
      labels: { entities: ['PER', 'LOC', 'R&D <team>'] },
      steps: [],
    };
    const file = textFile(TEXT);

    it('writes labels spans with string ids over the text, dropping types the task lacks', () => {
      const entities = [
        { type: 'PER', start: 0, end: 3, text: 'Zoë' },
        { type: 'ORG', start: 8, end: 17, text: 'Wang Fang' },
        { type: 'LOC', start: 74, end: 76, text: '北京' },
      ];
      const dropped = {
        items: [{ reason: 'unknown-type', message: 'entity "home" has type "DATE"' }],
        counts: { 'unknown-type': 1 },
      };
      const conversion = converter.convert(task, { file }, [
        { operator: 'llm-ner', output: { entities, dropped } },
      ]);

      const results = conversion.results as LabelsResult[];
      assert.deepEqual(results, [
        {
          id: `span-f${file.id}-0`,
          from_name: 'label',
          to_name: 'text',
          type: 'labels',
          value: { start: 0, end: 3, text: 'Zoë', labels: ['PER'] },
        },
        {
          id: `span-f${file.id}-1`,
          from_name: 'label',
          to_name: 'text',
          type: 'labels',
          value: { start: 74, end: 76, text: '北京', labels: ['LOC'] },
        },
      ]);
      assert.equal(conversion.regionCount, 2);
      assert.deepEqual(conversion.dropped, [
        'entity "home" has type "DATE"',
        'span "Wang Fang" has type "ORG", not a label of the task',
      ]);
    });

    it('refuses an output whose spans are not code-point ranges', () => {
      const entities = [{ type: 'PER', start: 5, end: 5, text: '' }];
      const conversion = converter.convert(task, { file }, [
        { operator: 'llm-ner', output: { entities, dropped: { items: [], counts: {} } } },
      ]);
      assert.equal(conversion.results.length, 0);
      assert.match(conversion.dropped[0] ?? '', /output of llm-ner has an unexpected shape/);
    });

    it('builds an escaped Labels config over <Text name="text" value="$text">', () => {
      const xml = converter.labelConfig(task);
      assert.deepEqual(elementsOf(xml, 'Labels'), [{ name: 'label', toName: 'text' }]);
      assert.deepEqual(
        elementsOf(xml, 'Label').map((label) => label['value']),
        ['PER', 'LOC', 'R&D <team>'],
      );
      assert.deepEqual(elementsOf(xml, 'Text'), [{ name: 'text', value: '$text' }]);
      assert.match(xml, /value="R&amp;D &lt;team&gt;"/);
    });
  });
});
