import assert from 'node:assert/strict';
import type { Store } from '@autoannotate/runtime';
import { makeHarness, type Harness } from '../helpers/harness';
import { putBackToPending, resultRows } from '../storage/support/sql-faults';
import { storeTargets, type TestDb } from '../storage/support/store-targets';
import { nextTick, recordingStore, WriteGate } from './support/recording-store';
import { echoTask, resultCount, taskEnded } from './support/tasks';
import { waitFor } from './support/wait';
import { installWriteAudit, readWriteAudit } from './support/write-audit';

/** Two hosts on their own connections (SQLite: one connection, see store-targets). */
async function hostStores(db: TestDb): Promise<[Store, Store]> {
  // better-sqlite3 waits for a lock synchronously, so two connections of one process that both
  // hold transactions across awaits would stall each other; SQLite hosts share one connection.
  if (db.dialect === 'sqlite') {
    const shared = await db.store();
    return [shared, shared];
  }
  return [await db.store(), await db.store()];
}

describe('C-02 a stopped run keeps writing', () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
  });

  for (const target of storeTargets) {
    describe(target.dialect, () => {
      const db = target.use();

      it('C-02 no progress, result or status write of a stopped run lands after the next claim', async () => {
        const [storeA, storeB] = await hostStores(db());
        const raw = db().raw();
        await installWriteAudit(raw, db().dialect);
        const task = await echoTask(storeA, 200, { delayMs: 40 });

        // Host A writes progress after every file and beats often; its writes can be held back.
        const gate = new WriteGate();
        const recorderA = recordingStore(storeA, { shared: true, gate });
        const a = await makeHarness({
          store: recorderA.store,
          config: { fileWorkers: 2, progressIntervalSeconds: 0, heartbeatIntervalSeconds: 0.05 },
        });
        harnesses.push(a);
        const b = await makeHarness({
          store: recordingStore(storeB, { shared: true }).store,
          config: { fileWorkers: 10, progressIntervalSeconds: 0 },
        });
        harnesses.push(b);

        let firstRun: string | null = null;
        a.host.events.on('task:claimed', (e) => {
          firstRun = e.task.runToken;
        });
        let secondRun: string | null = null;
        let claimedAt = 0;
        b.host.events.on('task:claimed', (e) => {
          claimedAt = nextTick();
          secondRun = e.task.runToken;
          // The stopped run's held writes reach the database only now, after the claim.
          gate.open();
        });

        a.host.start();
        await waitFor('about 20 results', async () =>
          (await resultCount(storeA, task.id)) >= 20 ? true : undefined,
        );
        gate.close();
        await storeB.requestStop(task.id, 300_000);
        await putBackToPending(raw, task.id);
        const outcomes = await b.host.runUntilIdle();
        // It learns at its next write: a refused heartbeat or result, or (had it seen the stop
        // before its writes were held) a refused final status.
        await waitFor('the first run to end', () => (a.host.activeRuns === 0 ? true : undefined));

        // What the second run made of it.
        assert.deepEqual(outcomes, ['completed']);
        const done = await storeB.getTask(task.id);
        assert.deepEqual(
          [done?.status, done?.processedImages, done?.failedImages],
          ['completed', 200, 0],
        );
        const rows = await resultRows(raw, task.id);
        assert.equal(rows.length, 200);
        assert.equal(new Set(rows.map((r) => r.fileId)).size, 200);

        // The first run did try to write after the claim, and every such write was refused.
        const late = recorderA.attempts.filter(
          (w) => w.runToken === firstRun && w.sentAt > claimedAt,
        );
        assert.ok(late.length >= 1, 'the stopped run tried to write after the claim');
        assert.deepEqual(
          late.filter((w) => w.accepted !== false),
          [],
          'no late write was taken',
        );

        // The database's own log: after the second claim only the second run wrote.
        const audit = await readWriteAudit(raw, task.id);
        const claim = audit.findIndex(
          (w) => w.table === 'task' && w.newToken === secondRun && w.oldToken !== secondRun,
        );
        assert.ok(claim > 0, 'the second claim is in the audit');
        const after = audit.slice(claim + 1);
        for (const write of after) {
          const finalWrite =
            write.table === 'task' &&
            write.oldToken === secondRun &&
            write.newToken === null &&
            write.status === 'completed';
          const bySecondRun = write.newToken === secondRun || finalWrite;
          assert.ok(
            bySecondRun,
            `write ${JSON.stringify(write)} landed after the claim and is not the second run's`,
          );
        }
        const progress = after.filter((w) => w.table === 'task').map((w) => w.processed!);
        assert.deepEqual(
          progress,
          [...progress].sort((x, y) => x - y),
          'processed never went back',
        );
        assert.ok(
          audit.slice(0, claim).some((w) => w.newToken === firstRun),
          'the first run wrote before the claim',
        );
      });

      it('C-02 a stop request ends a live run on another host, which keeps its results and true counts', async () => {
        const [storeA, storeB] = await hostStores(db());
        const task = await echoTask(storeA, 200, { delayMs: 40 });
        const a = await makeHarness({
          store: recordingStore(storeA, { shared: true }).store,
          config: { fileWorkers: 2, progressIntervalSeconds: 3600, heartbeatIntervalSeconds: 0.1 },
        });
        harnesses.push(a);
        a.host.start();
        await waitFor('about 20 results', async () =>
          (await resultCount(storeB, task.id)) >= 20 ? true : undefined,
        );
        await storeB.requestStop(task.id, 300_000);
        const done = await taskEnded(storeB, task.id);
        assert.equal(done.status, 'stopped');
        const kept = await resultCount(storeB, task.id);
        assert.ok(kept >= 20 && kept < 200, `${kept} results kept`);
        assert.deepEqual([done.processedImages, done.failedImages, done.runToken], [kept, 0, null]);
      });
    });
  }
});
