import assert from 'node:assert/strict';
import { ErrorCodes, type LabelsResult, type RelationResult } from '@autoannotate/runtime';
import { converter, operator } from '@autoannotate/operator-llm-relation-extraction';
import type { RelationOutput } from '@autoannotate/operator-llm-relation-extraction';
import { OpenAiStubServer, jsonAnswer } from '../helpers/openai-stub-server';
import { elementsOf } from './label-config-reader';
import {
  CountingModelConfigs,
  inputOf,
  operatorContext,
  stubModel,
  textFile,
} from './llm-fixtures';

const TEXT = 'Zoë works for Acme Ltd in 北京 🙂. Later 王芳 joined Acme Ltd.';

const PARAMS = {
  entityTypes: ['PER', 'ORG', 'LOC'],
  relationTypes: [
    { name: 'works_for', head: ['per'], tail: ['ORG'] },
    { name: 'located_in', head: ['ORG'], tail: ['LOC'] },
    'founded',
  ],
};

const ANSWER = {
  entities: [
    { id: 'e1', type: 'PER', text: 'Zoë' },
    { id: 'e2', type: 'ORG', text: 'Acme Ltd' },
    { id: 'e3', type: 'LOC', text: '北京' },
    { id: 'e4', type: 'PER', text: '王芳' },
    { id: 'e5', type: 'DATE', text: 'Later' },
  ],
  relations: [
    { type: 'works_for', head: 'e1', tail: 'e2' },
    { type: 'founded', head: 'Zoë', tail: 'e2' },
    { type: 'works_for', head: 'e4', tail: 'e2' },
    { type: 'Located_In', head: 'e2', tail: 'e3' },
    { type: 'works_for', head: 'e1', tail: 'e2' },
    { type: 'born_in', head: 'e1', tail: 'e3' },
    { type: 'works_for', head: 'e3', tail: 'e2' },
    { type: 'works_for', head: 'e9', tail: 'e2' },
    { type: 'founded', head: 'e4', tail: 'e5' },
    { type: 'founded', head: 'e1', tail: 'e1' },
    { type: 'founded', head: 'e1' },
  ],
};

describe('llm-relation-extraction', () => {
  let stub: OpenAiStubServer;
  beforeEach(async () => {
    stub = await OpenAiStubServer.start();
  });
  afterEach(async () => stub.close());

  async function extract(answer: unknown, text = TEXT): Promise<RelationOutput> {
    stub.reply(jsonAnswer(answer));
    const model = stubModel(stub);
    const context = operatorContext(new CountingModelConfigs([model]));
    const instance = await operator.create(
      context,
      operator.spec.parseParams({ modelId: model.modelId, ...PARAMS }),
    );
    return instance.execute(inputOf(textFile(text)));
  }

  it('places entities at code-point offsets and links the nearest occurrences', async () => {
    const output = await extract(ANSWER);
    assert.deepEqual(output.entities, [
      { type: 'PER', start: 0, end: 3, text: 'Zoë' },
      { type: 'ORG', start: 14, end: 22, text: 'Acme Ltd' },
      { type: 'LOC', start: 26, end: 28, text: '北京' },
      { type: 'PER', start: 38, end: 40, text: '王芳' },
      { type: 'ORG', start: 48, end: 56, text: 'Acme Ltd' },
    ]);
    assert.deepEqual(output.relations, [
      { type: 'founded', head: 0, tail: 1 },
      { type: 'works_for', head: 0, tail: 1 },
      { type: 'located_in', head: 1, tail: 2 },
      { type: 'works_for', head: 3, tail: 4 },
    ]);
  });

  it('drops and counts relations of unknown type, wrong end types, unknown or dropped ends', async () => {
    const output = await extract(ANSWER);
    assert.deepEqual(output.dropped.counts, {
      'unknown-type': 1,
      'unknown-relation-type': 1,
      'type-constraint': 1,
      'unknown-end': 2,
      'self-relation': 1,
      malformed: 1,
    });
    const messages = output.dropped.items.map((item) => item.message);
    assert.ok(
      messages.includes('relation "born_in" is not one of: works_for, located_in, founded'),
    );
    assert.ok(messages.includes('relation "works_for": head "e3" is LOC, not PER'));
    assert.ok(messages.includes('relation "works_for": head "e9" names no entity of the answer'));
    assert.ok(messages.includes('relation "founded": tail "e5" is an entity that was dropped'));
  });

  it('fails the file when the answer has no entity list', async () => {
    await assert.rejects(extract({ relations: [] }), (error: Error & { code?: string }) => {
      assert.equal(error.code, ErrorCodes.OUTPUT_INVALID);
      assert.match(error.message, /without "entities" and "relations" lists/);
      return true;
    });
  });

  describe('params', () => {
    it('names a head or tail type that is not an entity type', () => {
      assert.throws(
        () =>
          operator.spec.parseParams({
            modelId: 'm',
            entityTypes: ['PER'],
            relationTypes: [{ name: 'r', tail: ['ORG'] }],
          }),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, ErrorCodes.PARAMS_INVALID);
          assert.equal(
            error.message,
            'relationTypes[0].tail[0]: "ORG" is not one of the entityTypes: PER',
          );
          return true;
        },
      );
    });

    it('spells end types as the entity types do', () => {
      const params = operator.spec.parseParams({ modelId: 'm', ...PARAMS });
      assert.deepEqual(params.relationTypes[0], {
        name: 'works_for',
        head: ['PER'],
        tail: ['ORG'],
      });
      assert.deepEqual(params.relationTypes[2], { name: 'founded' });
    });
  });

  describe('converter', () => {
    const task = {
      taskId: 4,
      taskType: 'relation-extraction',
      labels: {
        entities: ['PER', 'ORG', 'LOC'],
        relations: ['works_for', 'located_in', 'founded'],
      },
      steps: [],
    };

    it('writes spans and relations whose ids point at those spans, one relation per pair', async () => {
      const output = await extract(ANSWER);
      const file = textFile(TEXT);
      const conversion = converter.convert(task, { file }, [
        { operator: 'llm-relation-extraction', output },
      ]);

      const spans = conversion.results.filter((r): r is LabelsResult => r.type === 'labels');
      const links = conversion.results.filter((r): r is RelationResult => r.type === 'relation');
      assert.equal(spans.length, 5);
      assert.equal(conversion.regionCount, 5);
      assert.ok(
        spans.every((span) => typeof span.id === 'string' && /^[A-Za-z0-9_-]+$/.test(span.id)),
      );
      assert.equal(new Set(spans.map((span) => span.id)).size, 5);
      const idOf = (text: string, start: number) =>
        spans.find((span) => span.value.text === text && span.value.start === start)?.id;
      assert.deepEqual(links, [
        {
          type: 'relation',
          from_id: idOf('Zoë', 0),
          to_id: idOf('Acme Ltd', 14),
          direction: 'right',
          labels: ['works_for', 'founded'],
        },
        {
          type: 'relation',
          from_id: idOf('Acme Ltd', 14),
          to_id: idOf('北京', 26),
          direction: 'right',
          labels: ['located_in'],
        },
        {
          type: 'relation',
          from_id: idOf('王芳', 38),
          to_id: idOf('Acme Ltd', 48),
          direction: 'right',
          labels: ['works_for'],
        },
      ]);
      assert.equal(conversion.dropped.length, output.dropped.items.length);
    });

    it('drops a relation whose label or end the task does not offer', async () => {
      const output = await extract(ANSWER);
      const narrow = { ...task, labels: { entities: ['PER', 'ORG'], relations: ['works_for'] } };
      const conversion = converter.convert(narrow, { file: textFile(TEXT) }, [
        { operator: 'llm-relation-extraction', output },
      ]);
      const links = conversion.results.filter((r): r is RelationResult => r.type === 'relation');
      assert.deepEqual(
        links.map((link) => link.labels),
        [['works_for'], ['works_for']],
      );
      assert.ok(
        conversion.dropped.includes('relation "founded" is not a relation label of the task'),
      );
      assert.ok(
        conversion.dropped.includes('relation "located_in" is not a relation label of the task'),
      );
      assert.ok(conversion.dropped.includes('span "北京" has type "LOC", not a label of the task'));
    });

    it('builds a config with Relations, Labels and the Text, escaped', () => {
      const xml = converter.labelConfig({
        ...task,
        labels: { entities: ['PER'], relations: ['"part" & <whole>'] },
      });
      assert.deepEqual(
        elementsOf(xml, 'Relation').map((r) => r['value']),
        ['"part" & <whole>'],
      );
      assert.deepEqual(elementsOf(xml, 'Labels'), [{ name: 'label', toName: 'text' }]);
      assert.deepEqual(elementsOf(xml, 'Text'), [{ name: 'text', value: '$text' }]);
      assert.match(xml, /value="&quot;part&quot; &amp; &lt;whole&gt;"/);
    });
  });
});
