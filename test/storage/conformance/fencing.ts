import assert from 'node:assert/strict';
import type { RunCounts } from '@autoannotate/runtime';
import { putBackToPending, resultRows } from '../support/sql-faults';
import { mustClaim, runningTask, seedDataset, seedTask } from '../support/seed';
import type { TestDb } from '../support/store-targets';

const counts = (processed: number, failed = 0): RunCounts => ({
  totalImages: 5,
  processedImages: processed,
  failedImages: failed,
  detectedObjects: processed - failed,
});

export function fencingCases(db: () => TestDb): void {
  it('refuses every write of a run after another run claimed its task', async () => {
    const store = await db().store();
    const raw = db().raw();
    const first = await runningTask(store, { files: 5, done: 1 });
    await putBackToPending(raw, first.task.id);
    const second = await mustClaim(store, 'host-b');
    assert.equal(second.task.id, first.task.id);
    const rowAfterClaim = await store.getTask(first.task.id);

    const old = first.lease;
    const [done, fresh, failing] = first.files.map((f) => f.id);
    const late = (fileId: number | undefined) => [{ fileId: fileId!, result: { late: true } }];
    assert.deepEqual(await store.heartbeat(old), { owned: false, stopRequested: false });
    assert.deepEqual(await store.writeProgress(old, counts(4)), {
      owned: false,
      stopRequested: false,
    });
    assert.equal(await store.saveResults(old, first.projectId, late(fresh)), false);
    assert.equal(await store.saveResults(old, first.projectId, late(done)), false);
    assert.equal(
      await store.recordFailures(old, [{ fileId: failing!, filePath: 'f', reason: 'late' }]),
      false,
    );
    assert.equal(await store.finishRun(old, 'completed', counts(5), null), false);
    assert.equal(await store.releaseRun(old, counts(5)), false);

    assert.deepEqual(await store.getTask(first.task.id), rowAfterClaim);
    assert.deepEqual(await resultRows(raw, first.task.id), [
      { fileId: done, runToken: old.runToken },
    ]);
    const kept = await store.listResults(first.projectId, { afterFileId: 0, limit: 10 });
    assert.deepEqual(
      kept.map((r) => r.result),
      [{ result: [] }],
    );
    assert.deepEqual(await store.listFailures(first.task.id), []);
    // The new run writes as usual.
    const newer = [{ fileId: fresh!, result: { new: 1 } }];
    assert.equal(await store.saveResults(second.lease, first.projectId, newer), true);
    assert.equal((await store.heartbeat(second.lease)).owned, true);
  });

  it('refuses to make the project for a run that lost its task', async () => {
    const store = await db().store();
    const { dataset } = await seedDataset(store, 2);
    await seedTask(store, dataset.id);
    const first = await mustClaim(store);
    await putBackToPending(db().raw(), first.task.id);
    const second = await mustClaim(store, 'host-b');
    const project = { datasetId: dataset.id, name: 'p', configuration: '<View/>' };
    await assert.rejects(store.ensureLabelingProject(first.lease, project), { code: 'AA_STORAGE' });
    assert.equal(await store.getProjectForTask(first.task.id), undefined);
    const made = await store.ensureLabelingProject(second.lease, project);
    assert.deepEqual(
      await store.ensureLabelingProject(second.lease, { ...project, name: 'other' }),
      made,
    );
  });

  it('a heartbeat of the owning run moves heartbeat_at and reports a stop request', async () => {
    const store = await db().store();
    const { task, lease } = await runningTask(store);
    const before = (await store.getTask(task.id))!.heartbeatAt!;
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(await store.heartbeat(lease), { owned: true, stopRequested: false });
    assert.ok((await store.getTask(task.id))!.heartbeatAt! > before);
    await store.requestStop(task.id, 300_000);
    assert.deepEqual(await store.heartbeat(lease), { owned: true, stopRequested: true });
    assert.deepEqual(await store.writeProgress(lease, counts(2)), {
      owned: true,
      stopRequested: true,
    });
    // A heartbeat that sets the same millisecond again still counts as owned.
    assert.equal((await store.heartbeat(lease)).owned, true);
  });

  it('the final write stores status, true counts and message, and clears token and heartbeat', async () => {
    const store = await db().store();
    const { task, lease } = await runningTask(store);
    await store.writeProgress(lease, counts(2));
    assert.equal((await store.getTask(task.id))?.processedImages, 2);
    assert.equal(await store.finishRun(lease, 'failed', counts(5, 2), 'model gone'), true);
    const done = await store.getTask(task.id);
    assert.deepEqual(
      [
        done?.status,
        done?.processedImages,
        done?.failedImages,
        done?.detectedObjects,
        done?.errorMessage,
      ],
      ['failed', 5, 2, 3, 'model gone'],
    );
    assert.deepEqual([done?.runToken, done?.heartbeatAt], [null, null]);
    assert.ok(done?.finishedAt);
    assert.equal(
      await store.finishRun(lease, 'completed', counts(5), null),
      false,
      'a second final write is refused',
    );
  });

  it('release gives the task back to pending with its counts, not counted as an attempt', async () => {
    const store = await db().store();
    const { task, lease } = await runningTask(store);
    assert.equal(task.attempts, 1);
    assert.equal(await store.releaseRun(lease, counts(3)), true);
    const released = await store.getTask(task.id);
    assert.deepEqual(
      [
        released?.status,
        released?.processedImages,
        released?.runToken,
        released?.heartbeatAt,
        released?.attempts,
      ],
      ['pending', 3, null, null, 0],
    );
    const again = await mustClaim(store);
    assert.equal(again.task.attempts, 1);
    assert.notEqual(again.lease.runToken, lease.runToken);
  });
}
