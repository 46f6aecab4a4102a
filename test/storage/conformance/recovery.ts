import assert from 'node:assert/strict';
import type { RecoveryPolicy, Store } from '@autoannotate/runtime';
import { makeHarness } from '../../helpers/harness';
import { tempDir, writeTextFiles } from '../../helpers/temp';
import {
  putBackToPending,
  refuseRecoveryOf,
  resultRows,
  setHeartbeat,
} from '../support/sql-faults';
import { ManualClock, mustClaim, runningTask } from '../support/seed';
import type { TestDb } from '../support/store-targets';

const TIMEOUT_MS = 300_000;
const resume: RecoveryPolicy = { timeoutMs: TIMEOUT_MS, maxAttempts: 3, mode: 'resume' };

/** A store whose clock the test moves, to make heartbeats stale without waiting. */
async function agedStore(db: TestDb): Promise<{ store: Store; clock: ManualClock }> {
  const clock = new ManualClock();
  return { store: await db.store({ clock: clock.now }), clock };
}

/** Kills the run of a task `times` times over: claim, then heartbeat goes stale, then recover. */
async function dieRepeatedly(store: Store, clock: ManualClock, times: number, policy = resume) {
  const outcomes = [];
  for (let i = 0; i < times; i++) {
    await mustClaim(store, `doomed-${i}`);
    clock.advance(TIMEOUT_MS + 1);
    outcomes.push(...(await store.recoverStaleTasks(policy)));
  }
  return outcomes;
}

export function recoveryCases(db: () => TestDb): void {
  it('recovers a running task whose heartbeat is NULL', async () => {
    const { store } = await agedStore(db());
    const { task } = await runningTask(store);
    await setHeartbeat(db().raw(), task.id, null);
    assert.deepEqual(await store.recoverStaleTasks(resume), [
      { taskId: task.id, action: 'requeued' },
    ]);
    const after = await store.getTask(task.id);
    assert.deepEqual([after?.status, after?.runToken, after?.heartbeatAt], ['pending', null, null]);
  });

  for (const timeoutMs of [0, -1]) {
    it(`touches nothing when recovery is disabled (timeout ${timeoutMs})`, async () => {
      const { store, clock } = await agedStore(db());
      const { task } = await runningTask(store, { done: 1 });
      const other = await runningTask(store);
      await setHeartbeat(db().raw(), other.task.id, null);
      const before = [await store.getTask(task.id), await store.getTask(other.task.id)];
      clock.advance(10 * TIMEOUT_MS);
      assert.deepEqual(await store.recoverStaleTasks({ ...resume, timeoutMs }), []);
      assert.deepEqual([await store.getTask(task.id), await store.getTask(other.task.id)], before);
    });
  }

  it('puts a stale task with no processed file back to pending and clears its run token', async () => {
    const { store, clock } = await agedStore(db());
    const { task, lease } = await runningTask(store);
    clock.advance(TIMEOUT_MS + 1);
    assert.deepEqual(await store.recoverStaleTasks(resume), [
      { taskId: task.id, action: 'requeued' },
    ]);
    const after = await store.getTask(task.id);
    assert.deepEqual(
      [after?.status, after?.runToken, after?.heartbeatAt, after?.attempts],
      ['pending', null, null, 1],
    );
    assert.equal((await store.heartbeat(lease)).owned, false, 'the dead run cannot write any more');
    assert.equal((await mustClaim(store, 'host-b')).task.id, task.id);
  });

  it('resumes a stale task with results: back to pending, results kept', async () => {
    const { store, clock } = await agedStore(db());
    const { task, lease, projectId } = await runningTask(store, { files: 5, done: 2 });
    await store.writeProgress(lease, {
      totalImages: 5,
      processedImages: 2,
      failedImages: 0,
      detectedObjects: 2,
    });
    clock.advance(TIMEOUT_MS + 1);
    assert.deepEqual(await store.recoverStaleTasks(resume), [
      { taskId: task.id, action: 'resumed' },
    ]);
    const after = await store.getTask(task.id);
    assert.deepEqual(
      [after?.status, after?.runToken, after?.processedImages],
      ['pending', null, 2],
    );
    assert.equal(await store.countResults(projectId), 2);
  });

  it('counts results, not the last progress write, as processed files', async () => {
    const { store, clock } = await agedStore(db());
    // The run saved a result and died before its (throttled) progress write.
    const { task } = await runningTask(store, { files: 5, done: 1 });
    clock.advance(TIMEOUT_MS + 1);
    assert.deepEqual(await store.recoverStaleTasks(resume), [
      { taskId: task.id, action: 'resumed' },
    ]);
  });

  it('the run after a resume skips the files that already have results', async () => {
    const clock = new ManualClock();
    const store = await db().store({ clock: clock.now });
    const h = await makeHarness({ store, config: { fileWorkers: 2 } });
    try {
      const dir = tempDir();
      writeTextFiles(dir, 8, (i) => 'x'.repeat(i * 3));
      const submitted = await h.submit(dir, 'echo', [{ operator: 'echo-text', params: {} }]);
      const dead = await mustClaim(store, 'dead-host');
      const project = await store.ensureLabelingProject(dead.lease, {
        datasetId: submitted.datasetId,
        name: 'p',
        configuration: '<View/>',
      });
      const files = await store.listDatasetFiles(submitted.datasetId, { afterId: 0, limit: 10 });
      const early = files
        .slice(0, 3)
        .map((f) => ({ fileId: f.id, result: { early: true }, regionCount: 1 }));
      assert.equal(await store.saveResults(dead.lease, project.id, early), true);
      clock.advance(TIMEOUT_MS + 1);
      assert.deepEqual(await store.recoverStaleTasks(resume), [
        { taskId: submitted.id, action: 'resumed' },
      ]);

      const outcomes = await h.host.runUntilIdle();
      assert.deepEqual(outcomes, ['completed']);
      const done = await store.getTask(submitted.id);
      assert.deepEqual(
        [done?.status, done?.processedImages, done?.failedImages, done?.attempts],
        ['completed', 8, 0, 2],
      );
      const rows = await resultRows(db().raw(), submitted.id);
      assert.equal(rows.length, 8);
      const secondRun = rows[7]!.runToken;
      assert.notEqual(secondRun, dead.lease.runToken);
      assert.deepEqual(
        rows.map((r) => r.runToken),
        [...Array(3).fill(dead.lease.runToken), ...Array(5).fill(secondRun)],
      );
      const kept = await store.listResults(project.id, { afterFileId: 0, limit: 3 });
      const untouched = kept.filter((r) => (r.result as { early?: boolean }).early === true);
      assert.equal(untouched.length, 3, 'the early results were not written again');
    } finally {
      await h.close();
    }
  });

  it('fails a stale task once its runs reached MAX_TASK_ATTEMPTS, saying why', async () => {
    const { store, clock } = await agedStore(db());
    const { task, lease } = await runningTask(store, { files: 5, done: 2, hostId: 'doomed-0' });
    clock.advance(TIMEOUT_MS + 1);
    assert.deepEqual(await store.recoverStaleTasks(resume), [
      { taskId: task.id, action: 'resumed' },
    ]);
    assert.deepEqual(await dieRepeatedly(store, clock, 2), [
      { taskId: task.id, action: 'resumed' },
      { taskId: task.id, action: 'failed' },
    ]);
    const failed = await store.getTask(task.id);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.attempts, 3);
    assert.equal(
      failed?.errorMessage,
      'gave up after 3 runs whose hosts stopped beating (MAX_TASK_ATTEMPTS=3); ' +
        'the last ran on doomed-1; 2 files have results',
    );
    assert.ok(failed?.finishedAt);
    assert.equal((await store.heartbeat(lease)).owned, false);
    assert.equal(await store.claimNextTask('host-z'), undefined);
  });

  it('fails a task whose first file kills every host, after MAX_TASK_ATTEMPTS runs', async () => {
    const { store, clock } = await agedStore(db());
    const { task } = await runningTask(store, { hostId: 'doomed-first' });
    clock.advance(TIMEOUT_MS + 1);
    const outcomes = [
      ...(await store.recoverStaleTasks(resume)),
      ...(await dieRepeatedly(store, clock, 2)),
    ];
    assert.deepEqual(
      outcomes.map((o) => o.action),
      ['requeued', 'requeued', 'failed'],
    );
    const failed = await store.getTask(task.id);
    assert.equal(failed?.status, 'failed');
    assert.match(
      failed?.errorMessage ?? '',
      /^gave up after 3 runs whose hosts stopped beating .*; 0 files have results$/,
    );
  });

  it('AUTO_ANNOTATION_RECOVERY=fail fails a stale task with progress and requeues one without', async () => {
    const { store, clock } = await agedStore(db());
    const withProgress = await runningTask(store, { files: 5, done: 3, hostId: 'host-gone' });
    const without = await runningTask(store);
    clock.advance(TIMEOUT_MS + 1);
    const outcomes = await store.recoverStaleTasks({ ...resume, mode: 'fail' });
    assert.deepEqual(outcomes, [
      { taskId: withProgress.task.id, action: 'failed' },
      { taskId: without.task.id, action: 'requeued' },
    ]);
    const failed = await store.getTask(withProgress.task.id);
    assert.equal(failed?.status, 'failed');
    assert.equal(
      failed?.errorMessage,
      'host host-gone stopped beating after 3 files; AUTO_ANNOTATION_RECOVERY=fail does not resume tasks',
    );
    assert.equal(await store.countResults(withProgress.projectId), 3);
  });

  it('stops a stale task that was asked to stop', async () => {
    const { store, clock } = await agedStore(db());
    const { task } = await runningTask(store, { done: 1 });
    await store.requestStop(task.id, 0);
    clock.advance(TIMEOUT_MS + 1);
    assert.deepEqual(await store.recoverStaleTasks(resume), [
      { taskId: task.id, action: 'stopped' },
    ]);
    const after = await store.getTask(task.id);
    assert.deepEqual([after?.status, after?.runToken], ['stopped', null]);
  });

  it('in a mixed batch touches only the stale tasks', async () => {
    const { store, clock } = await agedStore(db());
    const raw = db().raw();
    const staleA = await runningTask(store, { done: 1 });
    const staleB = await runningTask(store);
    const liveA = await runningTask(store, { done: 2 });
    const liveB = await runningTask(store);
    const nullBeat = await runningTask(store);
    await setHeartbeat(raw, nullBeat.task.id, null);
    const finished = await runningTask(store);
    await store.finishRun(
      finished.lease,
      'completed',
      { totalImages: 5, processedImages: 5, failedImages: 0, detectedObjects: 5 },
      null,
    );
    clock.advance(TIMEOUT_MS + 1);
    // The live runs beat just now; a run that beat exactly at the limit is live too.
    await store.heartbeat(liveA.lease);
    clock.advance(TIMEOUT_MS);
    await store.heartbeat(liveB.lease);
    const untouched = await Promise.all(
      [liveA, liveB, finished].map((t) => store.getTask(t.task.id)),
    );

    const outcomes = await store.recoverStaleTasks(resume);
    assert.deepEqual(outcomes, [
      { taskId: staleA.task.id, action: 'resumed' },
      { taskId: staleB.task.id, action: 'requeued' },
      { taskId: nullBeat.task.id, action: 'requeued' },
    ]);
    assert.deepEqual(
      await Promise.all([liveA, liveB, finished].map((t) => store.getTask(t.task.id))),
      untouched,
    );
    assert.equal((await store.heartbeat(liveA.lease)).owned, true);
  });

  it('a recovery error on one task does not stop the others', async () => {
    const { store, clock } = await agedStore(db());
    const first = await runningTask(store);
    const refusing = await runningTask(store, { done: 1 });
    const last = await runningTask(store, { done: 1 });
    await refuseRecoveryOf(db().raw(), db().dialect, refusing.task.id);
    clock.advance(TIMEOUT_MS + 1);
    const errors: Array<{ taskId: number; message: string }> = [];
    const outcomes = await store.recoverStaleTasks(resume, (taskId, error) => {
      errors.push({ taskId, message: (error as Error).message });
    });
    assert.deepEqual(outcomes, [
      { taskId: first.task.id, action: 'requeued' },
      { taskId: last.task.id, action: 'resumed' },
    ]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.taskId, refusing.task.id);
    assert.match(errors[0]!.message, /this row refuses recovery/);
    assert.equal((await store.getTask(refusing.task.id))?.status, 'running');
  });

  it('a task put back to pending by hand is claimed with a new token and its old run is fenced', async () => {
    const { store } = await agedStore(db());
    const { task, lease } = await runningTask(store);
    await putBackToPending(db().raw(), task.id);
    const again = await mustClaim(store, 'host-b');
    assert.equal(again.task.attempts, 2);
    assert.equal(
      (
        await store.writeProgress(lease, {
          totalImages: 1,
          processedImages: 1,
          failedImages: 0,
          detectedObjects: 1,
        })
      ).owned,
      false,
    );
  });
}
