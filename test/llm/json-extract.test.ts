import assert from 'node:assert/strict';
import { extractJson } from '@autoannotate/runtime/llm/json-extract';

describe('extractJson', () => {
  it('parses a bare JSON object', () => {
    assert.deepEqual(extractJson(' {"label": "positive"} '), { value: { label: 'positive' } });
  });

  it('parses the JSON in a fence after a sentence (C-12)', () => {
    const answer =
      'Here is the classification you asked for:\n\n```json\n{"label": "negative"}\n```\nHope it helps.';
    assert.deepEqual(extractJson(answer), { value: { label: 'negative' } });
  });

  it('parses an object surrounded by prose, with braces inside its strings', () => {
    const answer =
      'Sure {not json} — result: {"entities": [{"type": "ORG", "text": "A}B{"}]} as requested.';
    assert.deepEqual(extractJson(answer), { value: { entities: [{ type: 'ORG', text: 'A}B{' }] } });
  });

  it('does not take an object nested in a cut-off answer for the answer', () => {
    assert.equal(
      extractJson('{"entities": [{"type": "PER", "text": "Ada"}, {"type": "ORG", "te'),
      undefined,
    );
  });

  it('finds nothing in plain prose', () => {
    assert.equal(extractJson('The sentiment is positive.'), undefined);
  });

  it('takes the answer after a list of options given in the prose (C-12)', () => {
    const answer = 'The options were ["positive", "negative"]. My answer: {"label": "negative"}';
    assert.deepEqual(extractJson(answer), { value: { label: 'negative' } });
  });

  it('takes the last object when the model corrects itself (C-12)', () => {
    const answer = 'First guess {"label": "positive"}; on reflection {"label": "negative"}.';
    assert.deepEqual(extractJson(answer), { value: { label: 'negative' } });
  });

  it('takes the last of several fenced blocks (C-12)', () => {
    const answer = 'Example:\n```json\n{"label": "x"}\n```\nAnswer:\n```json\n{"label": "y"}\n```';
    assert.deepEqual(extractJson(answer), { value: { label: 'y' } });
  });
});
