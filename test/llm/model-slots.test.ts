import assert from 'node:assert/strict';
import { ModelSlots, slotsForModel } from '@autoannotate/runtime/llm/model-slots';

/** A promise with its resolve function, to hold work in flight until the test lets it go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('ModelSlots', () => {
  it('starts waiting work only when a slot frees up', async () => {
    const slots = new ModelSlots(2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        await g.opened;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, [0, 1]);
    gates[1]!.open();
    await runs[1];
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, [0, 1, 2]);
    gates[0]!.open();
    gates[2]!.open();
    await Promise.all(runs);
  });

  it('gives up waiting when the signal aborts, without taking a slot', async () => {
    const slots = new ModelSlots(1);
    const hold = gate();
    const first = slots.run(() => hold.opened);
    const abort = new AbortController();
    let ran = false;
    const waiting = slots.run(async () => {
      ran = true;
    }, abort.signal);
    abort.abort(new Error('run stopping'));
    await assert.rejects(waiting, /run stopping/);
    hold.open();
    await first;
    assert.equal(ran, false);
    assert.equal(await slots.run(async () => 'free'), 'free');
  });

  it('shares one set of slots per model id', () => {
    const a = slotsForModel('slots-test-model', 2);
    const b = slotsForModel('slots-test-model', 5);
    assert.equal(a, b);
    assert.notEqual(slotsForModel('slots-test-other', 2), a);
  });
});
