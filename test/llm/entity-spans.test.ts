import assert from 'node:assert/strict';
import { DropList } from '@autoannotate/runtime/llm/dropped';
import { resolveEntities } from '@autoannotate/runtime/llm/entity-spans';
import { LabelMatcher } from '@autoannotate/runtime/llm/label-match';

describe('resolveEntities', () => {
  it('places every mention of an entity named thousands of times, longest span first', () => {
    const text = `${'Paris, '.repeat(5000)}then Paris Hilton.`;
    const drops = new DropList();
    const { entities } = resolveEntities(
      text,
      [
        { type: 'LOC', text: 'Paris' },
        { type: 'LOC', text: 'Paris Hilton' },
      ],
      new LabelMatcher(['LOC']),
      drops,
    );
    // 5000 repeated mentions plus the longer span; its inner "Paris" overlaps it and is dropped.
    assert.equal(entities.length, 5001);
    assert.deepEqual(entities[0], { type: 'LOC', start: 0, end: 5, text: 'Paris' });
    assert.deepEqual(entities[4999], { type: 'LOC', start: 34993, end: 34998, text: 'Paris' });
    assert.deepEqual(entities[5000], {
      type: 'LOC',
      start: 35005,
      end: 35017,
      text: 'Paris Hilton',
    });
    assert.equal(drops.summary().counts.overlap, 1);
  });
});
