import assert from 'node:assert/strict';
import { ManualClock, runningTask, seedDataset, seedTask } from '../support/seed';
import type { TestDb } from '../support/store-targets';

const STALE_AFTER_MS = 60_000;
const counts = { totalImages: 5, processedImages: 2, failedImages: 0, detectedObjects: 2 };

export function stopRequestCases(db: () => TestDb): void {
  it('stops a pending task at once', async () => {
    const store = await db().store();
    const { dataset } = await seedDataset(store, 1);
    const task = await seedTask(store, dataset.id);
    const stopped = await store.requestStop(task.id, STALE_AFTER_MS);
    assert.deepEqual([stopped?.status, stopped?.stopRequested], ['stopped', true]);
    assert.ok(stopped?.finishedAt);
    assert.equal(await store.claimNextTask('host-a'), undefined);
  });

  it('only flags a running task with a live heartbeat; its run ends it stopped with its results', async () => {
    const store = await db().store();
    const { task, lease, projectId } = await runningTask(store, { done: 2 });
    const flagged = await store.requestStop(task.id, STALE_AFTER_MS);
    assert.deepEqual(
      [flagged?.status, flagged?.stopRequested, flagged?.runToken],
      ['running', true, lease.runToken],
    );
    assert.equal((await store.heartbeat(lease)).stopRequested, true);
    assert.equal(await store.finishRun(lease, 'stopped', counts, null), true);
    const done = await store.getTask(task.id);
    assert.deepEqual([done?.status, done?.processedImages], ['stopped', 2]);
    assert.equal(await store.countResults(projectId), 2);
  });

  it('stops a running task whose heartbeat is stale at once, keeps its results, refuses its run', async () => {
    const clock = new ManualClock();
    const store = await db().store({ clock: clock.now });
    const { task, lease, projectId } = await runningTask(store, { done: 2 });
    clock.advance(STALE_AFTER_MS + 1);
    const stopped = await store.requestStop(task.id, STALE_AFTER_MS);
    assert.deepEqual(
      [stopped?.status, stopped?.runToken, stopped?.heartbeatAt],
      ['stopped', null, null],
    );
    assert.equal(await store.countResults(projectId), 2);
    assert.equal((await store.heartbeat(lease)).owned, false);
    assert.equal(await store.finishRun(lease, 'completed', counts, null), false);
  });

  it('only flags a stale running task when staleness is not known (0)', async () => {
    const clock = new ManualClock();
    const store = await db().store({ clock: clock.now });
    const { task, lease } = await runningTask(store);
    clock.advance(10 * STALE_AFTER_MS);
    const flagged = await store.requestStop(task.id, 0);
    assert.deepEqual(
      [flagged?.status, flagged?.stopRequested, flagged?.runToken],
      ['running', true, lease.runToken],
    );
  });

  it('leaves a finished task as it is and answers nothing for an unknown task', async () => {
    const store = await db().store();
    const { task, lease } = await runningTask(store);
    await store.finishRun(lease, 'completed', counts, null);
    const before = await store.getTask(task.id);
    assert.deepEqual(await store.requestStop(task.id, STALE_AFTER_MS), before);
    assert.equal(await store.requestStop(task.id + 1000, STALE_AFTER_MS), undefined);
  });
}
