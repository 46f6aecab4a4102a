import assert from 'node:assert/strict';
import type { Store, Task } from '@autoannotate/runtime';
import { makeHarness, type Harness } from '../helpers/harness';
import { storeTargets } from '../storage/support/store-targets';
import { echoTask, resultCount, taskEnded } from './support/tasks';

/** Files the run really finished: one result or one failure row each. */
async function trueCount(store: Store, task: Task): Promise<number> {
  return (await resultCount(store, task.id)) + (await store.listFailures(task.id, 1000)).length;
}

describe('C-05 the last progress update is lost', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  for (const target of storeTargets) {
    describe(target.dialect, () => {
      const db = target.use();
      // An hour-long interval: only the run's first progress write lands before the final one.
      const throttled = { progressIntervalSeconds: 3600, fileWorkers: 3 };

      it('C-05 101 files run to completion: the stored count is 101', async () => {
        const store = await db().store();
        h = await makeHarness({ store, config: throttled });
        const task = await echoTask(store, 101);
        assert.deepEqual(await h.host.runUntilIdle(), ['completed']);
        const done = await store.getTask(task.id);
        assert.deepEqual(
          [done?.status, done?.processedImages, done?.failedImages],
          ['completed', 101, 0],
        );
        assert.equal(await trueCount(store, task), 101);
      });

      it('C-05 101 files failing the task on file 101: the stored count is the 100 done', async () => {
        const store = await db().store();
        h = await makeHarness({ store, config: throttled });
        const task = await echoTask(store, 101, { fatalPattern: '00101\\.txt$' });
        assert.deepEqual(await h.host.runUntilIdle(), ['failed']);
        const done = await store.getTask(task.id);
        assert.equal(done?.status, 'failed');
        assert.match(done?.errorMessage ?? '', /model for 00101\.txt is gone/);
        assert.deepEqual([done?.processedImages, done?.failedImages], [100, 0]);
        assert.equal(await trueCount(store, task), 100);
      });

      it('C-05 101 files stopped at file 57: the stored count is what was done', async () => {
        const store = await db().store();
        h = await makeHarness({
          store,
          config: { ...throttled, fileWorkers: 1, heartbeatIntervalSeconds: 0.05 },
        });
        const task = await echoTask(store, 101, { delayMs: 15, failPattern: '000[0-4]7\\.txt$' });
        let finished = 0;
        const count = () => {
          finished += 1;
          if (finished === 57) void store.requestStop(task.id, 300_000);
        };
        h.host.events.on('file:done', count);
        h.host.events.on('file:failed', count);
        h.host.start();
        const done = await taskEnded(store, task.id);
        assert.equal(done.status, 'stopped');
        const truth = await trueCount(store, task);
        assert.ok(truth >= 57 && truth < 101, `${truth} files finished`);
        assert.equal(done.processedImages, truth);
        assert.equal(done.failedImages, (await store.listFailures(task.id)).length);
        assert.ok(done.failedImages >= 5, 'files 7, 17, 27, 37 and 47 failed');
      });
    });
  }
});
