import assert from 'node:assert/strict';
import { ErrorCodes, type ChoicesResult } from '@autoannotate/runtime';
import { converter, operator } from '@autoannotate/operator-llm-text-classification';
import { OpenAiStubServer, jsonAnswer } from '../helpers/openai-stub-server';
import { elementsOf } from './label-config-reader';
import {
  CountingModelConfigs,
  inputOf,
  operatorContext,
  stubModel,
  textFile,
} from './llm-fixtures';

describe('llm-text-classification', () => {
  let stub: OpenAiStubServer;
  beforeEach(async () => {
    stub = await OpenAiStubServer.start();
  });
  afterEach(async () => stub.close());

  async function classifier(params: Record<string, unknown>) {
    const model = stubModel(stub);
    const context = operatorContext(new CountingModelConfigs([model]));
    return operator.create(
      context,
      operator.spec.parseParams({ modelId: model.modelId, ...params }),
    );
  }

  it('matches an answer that differs only in case to the offered label (C-11)', async () => {
    stub.reply(jsonAnswer({ label: ' Positive ' }));
    const instance = await classifier({ labels: ['positive', 'negative'] });
    const output = await instance.execute(inputOf(textFile('What a lovely day.')));
    assert.deepEqual(output.labels, ['positive']);
  });

  it('fails the file when the model answers a label that was not offered (C-11)', async () => {
    stub.reply(jsonAnswer({ label: 'neutral' }));
    const instance = await classifier({ labels: ['positive', 'negative'] });
    await assert.rejects(
      instance.execute(inputOf(textFile('It is a day.'))),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, ErrorCodes.OUTPUT_INVALID);
        assert.equal(error.message, 'model answered "neutral", not one of: positive, negative');
        return true;
      },
    );
  });

  it('keeps offered labels and drops the others with a reason when several are allowed (C-11)', async () => {
    stub.reply(jsonAnswer({ labels: ['NEGATIVE', 'neutral', 'sarcastic'] }));
    const instance = await classifier({
      labels: ['positive', 'negative', 'sarcastic'],
      multiLabel: true,
    });
    const output = await instance.execute(inputOf(textFile('Oh great, another Monday.')));
    assert.deepEqual(output.labels, ['negative', 'sarcastic']);
    assert.deepEqual(output.dropped.counts, { 'unknown-label': 1 });
    assert.equal(
      output.dropped.items[0]?.message,
      'model answered "neutral", not one of: positive, negative, sarcastic',
    );
  });

  it('sends the labels, the guidance and the text, asking for a JSON object', async () => {
    stub.reply(jsonAnswer({ label: 'negative' }));
    const instance = await classifier({
      labels: ['positive', 'negative'],
      instructions: 'Irony counts as negative.',
    });
    await instance.execute(inputOf(textFile('Héllo 🙂 wörld')));
    const body = stub.requests[0]?.body;
    assert.equal(body.model, 'stub-chat');
    assert.deepEqual(body.response_format, { type: 'json_object' });
    assert.match(body.messages[0].content, /\["positive","negative"\]/);
    assert.match(body.messages[0].content, /Irony counts as negative\./);
    assert.equal(body.messages[1].content, 'Héllo 🙂 wörld');
  });

  it('fails an empty text file without calling the model', async () => {
    const instance = await classifier({ labels: ['positive', 'negative'] });
    await assert.rejects(
      instance.execute(inputOf(textFile(' \n', 'blank.txt'))),
      /blank\.txt: the file holds no text/,
    );
    assert.equal(stub.requests.length, 0);
  });

  describe('params', () => {
    const parse = (raw: unknown) => () => operator.spec.parseParams(raw);
    const paramsError = (pattern: RegExp) => (error: Error & { code?: string }) => {
      assert.equal(error.code, ErrorCodes.PARAMS_INVALID);
      assert.match(error.message, pattern);
      return true;
    };

    it('names the field of a wrong param', () => {
      assert.throws(
        parse({ modelId: 'm', labels: [] }),
        paramsError(/^labels: give at least one label/),
      );
      assert.throws(parse({ labels: ['a'] }), paramsError(/^modelId: /));
      assert.throws(
        parse({ modelId: 'm', labels: ['a', ''] }),
        paramsError(/^labels\[1\]: a label name must not be empty/),
      );
      assert.throws(
        parse({ modelId: 'm', labels: ['a'], multilabel: true }),
        paramsError(/multilabel/),
      );
    });

    it('refuses two labels that differ only in case', () => {
      assert.throws(
        parse({ modelId: 'm', labels: ['positive', 'Positive'] }),
        paramsError(/^labels\[1\]: label "Positive" is listed twice/),
      );
    });

    it('defaults to one label per text', () => {
      assert.equal(operator.spec.parseParams({ modelId: 'm', labels: ['a'] }).multiLabel, false);
    });
  });

  describe('converter', () => {
    const task = (labels: Record<string, string[]>, multiLabel = false) => ({
      taskId: 7,
      taskType: 'text-classification',
      labels,
      steps: [{ operator: 'llm-text-classification', params: { multiLabel } }],
    });
    const file = textFile('text');

    it('writes one choices result with a string id over the text', () => {
      const outputs = [
        {
          operator: 'llm-text-classification',
          output: { labels: ['negative'], dropped: { items: [], counts: {} } },
        },
      ];
      const conversion = converter.convert(
        task({ choices: ['positive', 'negative'] }),
        { file },
        outputs,
      );
      const result = conversion.results[0] as ChoicesResult;
      assert.deepEqual(result, {
        id: `choice-f${file.id}-0`,
        from_name: 'label',
        to_name: 'text',
        type: 'choices',
        value: { choices: ['negative'] },
      });
      assert.equal(conversion.regionCount, 1);
      assert.deepEqual(conversion.dropped, []);
    });

    it('passes on what the operator dropped and never writes a label the task does not offer', () => {
      const outputs = [
        {
          operator: 'llm-text-classification',
          output: {
            labels: ['positive', 'meh'],
            dropped: {
              items: [
                { reason: 'unknown-label', message: 'model answered "neutral", not one of: a' },
              ],
              counts: { 'unknown-label': 1 },
            },
          },
        },
      ];
      const conversion = converter.convert(
        task({ choices: ['positive'] }, true),
        { file },
        outputs,
      );
      assert.deepEqual((conversion.results[0] as ChoicesResult).value.choices, ['positive']);
      assert.deepEqual(conversion.dropped, [
        'model answered "neutral", not one of: a',
        'label "meh" is not a choice of the task',
      ]);
    });

    it('writes no result when no label was chosen', () => {
      const outputs = [
        {
          operator: 'llm-text-classification',
          output: { labels: [], dropped: { items: [], counts: {} } },
        },
      ];
      const conversion = converter.convert(task({ choices: ['a'] }), { file }, outputs);
      assert.deepEqual(conversion, { results: [], regionCount: 0, dropped: [] });
    });

    it('escapes label names in the label config and sets the choice mode', () => {
      const labels = ['R&D', '<b>bold</b>', 'say "hi"'];
      const xml = converter.labelConfig(task({ choices: labels }, true));
      assert.deepEqual(elementsOf(xml, 'Choices'), [
        { name: 'label', toName: 'text', choice: 'multiple' },
      ]);
      assert.deepEqual(
        elementsOf(xml, 'Choice').map((choice) => choice['value']),
        labels,
      );
      assert.deepEqual(elementsOf(xml, 'Text'), [{ name: 'text', value: '$text' }]);
      assert.match(xml, /value="R&amp;D"/);
      assert.match(converter.labelConfig(task({ choices: ['a'] })), /choice="single"/);
    });

    it('puts the exact text of the file into the task data', async () => {
      assert.deepEqual(await converter.taskData(file, async () => 'Zoë 🙂'), { text: 'Zoë 🙂' });
    });
  });
});
