import assert from 'node:assert/strict';
import { ManualClock, mustClaim, seedDataset, seedTask } from '../support/seed';
import type { TestDb } from '../support/store-targets';

export function claimCases(db: () => TestDb): void {
  it('creates a pending task with its pipeline and file ids', async () => {
    const store = await db().store();
    const { dataset, files } = await seedDataset(store, 3);
    const task = await store.createTask({
      name: 'only two',
      datasetId: dataset.id,
      taskType: 'echo',
      pipeline: [{ operator: 'echo-text', params: { delayMs: 5, nested: { a: [1, 2] } } }],
      fileIds: [files[0]!.id, files[2]!.id],
    });
    assert.deepEqual(await store.getTask(task.id), task);
    assert.equal(task.status, 'pending');
    assert.deepEqual(task.pipeline, [
      { operator: 'echo-text', params: { delayMs: 5, nested: { a: [1, 2] } } },
    ]);
    assert.deepEqual(task.fileIds, [files[0]!.id, files[2]!.id]);
    assert.deepEqual(
      [task.attempts, task.runToken, task.heartbeatAt, task.stopRequested],
      [0, null, null, false],
    );
  });

  it('claims the oldest pending task first, by creation time and not by id', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const store = await db().store({ clock: clock.now });
    const { dataset } = await seedDataset(store, 1);
    const newer = await seedTask(store, dataset.id, 'newer');
    clock.advance(-60_000);
    const older = await seedTask(store, dataset.id, 'older');
    clock.advance(120_000);
    const newest = await seedTask(store, dataset.id, 'newest');
    assert.ok(older.id > newer.id, 'the older task has the higher id');

    const order = [];
    for (let i = 0; i < 3; i++) order.push((await mustClaim(store)).task.name);
    assert.deepEqual(order, ['older', 'newer', 'newest']);
    assert.equal(await store.claimNextTask('host-a'), undefined);
    assert.ok(newest.id > older.id);
  });

  it('claims nothing when no task is pending', async () => {
    const store = await db().store();
    assert.equal(await store.claimNextTask('host-a'), undefined);
    const { dataset } = await seedDataset(store, 1);
    await seedTask(store, dataset.id);
    await mustClaim(store);
    assert.equal(await store.claimNextTask('host-b'), undefined);
  });

  it('a claim sets running, a fresh run token, the heartbeat, the host and one more attempt', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const store = await db().store({ clock: clock.now });
    const { dataset } = await seedDataset(store, 1);
    const task = await seedTask(store, dataset.id);
    clock.advance(5000);
    const { task: claimed, lease } = await mustClaim(store, 'host-x');
    assert.equal(lease.taskId, task.id);
    assert.match(lease.runToken, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      [
        claimed.status,
        claimed.runToken,
        claimed.heartbeatAt,
        claimed.hostId,
        claimed.attempts,
        claimed.startedAt,
      ],
      ['running', lease.runToken, clock.now(), 'host-x', 1, clock.now()],
    );
    assert.deepEqual(await store.getTask(task.id), claimed);
  });

  it('gives two pending tasks to two claimers racing, one each', async () => {
    const a = await db().store();
    const b = await db().store();
    const { dataset } = await seedDataset(a, 1);
    const t1 = await seedTask(a, dataset.id);
    const t2 = await seedTask(a, dataset.id);
    const [ca, cb] = await Promise.all([a.claimNextTask('host-a'), b.claimNextTask('host-b')]);
    assert.deepEqual(new Set([ca?.task.id, cb?.task.id]), new Set([t1.id, t2.id]));
    assert.notEqual(ca?.lease.runToken, cb?.lease.runToken);
  });

  it('counts tasks by status, every status present', async () => {
    const store = await db().store();
    assert.deepEqual(await store.countTasksByStatus(), {
      pending: 0,
      running: 0,
      completed: 0,
      failed: 0,
      stopped: 0,
    });
    const { dataset } = await seedDataset(store, 1);
    for (let i = 0; i < 4; i++) await seedTask(store, dataset.id);
    const { lease } = await mustClaim(store);
    await mustClaim(store);
    const counts = { totalImages: 1, processedImages: 1, failedImages: 0, detectedObjects: 1 };
    await store.finishRun(lease, 'completed', counts, null);
    assert.deepEqual(await store.countTasksByStatus(), {
      pending: 2,
      running: 1,
      completed: 1,
      failed: 0,
      stopped: 0,
    });
  });

  it('lists tasks newest first, filtered by status and limited', async () => {
    const store = await db().store();
    const { dataset } = await seedDataset(store, 1);
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await seedTask(store, dataset.id, `t${i}`));
    await mustClaim(store);
    const all = await store.listTasks();
    assert.deepEqual(
      all.map((t) => t.name),
      ['t3', 't2', 't1', 't0'],
    );
    assert.deepEqual(
      (await store.listTasks({ status: 'running' })).map((t) => t.name),
      ['t0'],
    );
    assert.deepEqual(
      (await store.listTasks({ status: 'pending', limit: 2 })).map((t) => t.name),
      ['t3', 't2'],
    );
    assert.equal(made.length, 4);
  });
}
