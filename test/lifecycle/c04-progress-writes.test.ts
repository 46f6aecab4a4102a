import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { makeHarness, type Harness } from '../helpers/harness';
import { storeTargets } from '../storage/support/store-targets';
import { recordingStore } from './support/recording-store';
import { echoTask, resultCount } from './support/tasks';

describe('C-04 progress writes swamp the database', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  for (const target of storeTargets) {
    describe(target.dialect, () => {
      const db = target.use();

      it('C-04 10,000 tiny files, 2 s interval: progress writes stay within duration / interval + a few', async () => {
        const store = await db().store();
        const recorder = recordingStore(store, { shared: true });
        h = await makeHarness({
          store: recorder.store,
          config: { progressIntervalSeconds: 2, fileWorkers: 4, heartbeatIntervalSeconds: 5 },
        });
        const task = await echoTask(store, 10_000);

        const started = performance.now();
        assert.deepEqual(await h.host.runUntilIdle(), ['completed']);
        const seconds = (performance.now() - started) / 1000;

        const writes = recorder.calls('writeProgress');
        // One write when the run starts, one after the first file, then at most one per interval.
        const bound = Math.floor(seconds / 2) + 3;
        assert.ok(
          writes <= bound,
          `${writes} progress writes in ${seconds.toFixed(1)} s; at most ${bound} allowed`,
        );
        assert.ok(writes >= 2, `${writes} progress writes`);
        const done = await store.getTask(task.id);
        assert.deepEqual(
          [done?.status, done?.processedImages, done?.totalImages],
          ['completed', 10_000, 10_000],
        );
        assert.equal(await resultCount(store, task.id), 10_000);
      });

      it('C-04 with the interval at 0 every file writes its progress', async () => {
        const store = await db().store();
        const recorder = recordingStore(store, { shared: true });
        h = await makeHarness({
          store: recorder.store,
          config: { progressIntervalSeconds: 0, fileWorkers: 4 },
        });
        const task = await echoTask(store, 300);
        const written: number[] = [];
        h.host.events.on('progress:written', (e) => written.push(e.counts.processedImages));
        assert.deepEqual(await h.host.runUntilIdle(), ['completed']);
        // The run's first write, then one per file.
        assert.equal(recorder.calls('writeProgress'), 301);
        assert.equal(written.length, 301);
        assert.equal(Math.max(...written), 300);
        assert.equal((await store.getTask(task.id))?.processedImages, 300);
      });
    });
  }
});
