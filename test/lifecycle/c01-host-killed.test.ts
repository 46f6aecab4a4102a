import assert from 'node:assert/strict';
import { resultRows } from '../storage/support/sql-faults';
import { mysqlTarget, storeTargets } from '../storage/support/store-targets';
import { startHostProcess, type HostProcess } from './support/host-process';
import { echoTask, resultCount, taskEnded } from './support/tasks';
import { waitFor } from './support/wait';

describe('C-01 a host killed mid-task', () => {
  const hosts: HostProcess[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.kill()));
  });

  for (const target of storeTargets) {
    describe(target.dialect, () => {
      const db = target.use();

      it('C-01 another host finishes the task of a SIGKILLed host, no result lost or written twice', async () => {
        const store = await db().store();
        const raw = db().raw();
        const task = await echoTask(store, 50, { delayMs: 60 });
        const files = await store.listDatasetFiles(task.datasetId, { afterId: 0, limit: 100 });

        const first = startHostProcess(db().env);
        hosts.push(first);
        await waitFor('about 10 results', async () =>
          (await resultCount(store, task.id)) >= 10 ? true : undefined,
        );
        await first.kill();
        const beforeKill = await resultRows(raw, task.id);
        const firstRun = beforeKill[0]!.runToken;
        assert.ok(
          beforeKill.length >= 10 && beforeKill.length < 50,
          `${beforeKill.length} results at the kill`,
        );
        assert.equal(
          (await store.getTask(task.id))?.status,
          'running',
          'the dead host left its task running',
        );

        const second = startHostProcess(db().env);
        hosts.push(second);
        const done = await taskEnded(store, task.id);
        await second.stop();

        assert.deepEqual(
          [done.status, done.processedImages, done.failedImages, done.totalImages],
          ['completed', 50, 0, 50],
        );
        assert.equal(done.attempts, 2);
        assert.equal(done.runToken, null);
        const rows = await resultRows(raw, task.id);
        assert.deepEqual(
          rows.map((r) => r.fileId),
          files.map((f) => f.id),
          'one result per file, none missing',
        );
        for (const kept of beforeKill) {
          assert.deepEqual(
            rows.find((r) => r.fileId === kept.fileId),
            kept,
            `file ${kept.fileId} was written again`,
          );
        }
        const secondRun = new Set(rows.map((r) => r.runToken).filter((t) => t !== firstRun));
        assert.equal(secondRun.size, 1, 'the other files were written by one second run');
        const recovered = second.logs().find((l) => l.msg === 'stale task recovered');
        assert.deepEqual([recovered?.taskId, recovered?.action], [task.id, 'resumed']);
      });
    });
  }

  describe('mysql, AUTO_ANNOTATION_RECOVERY=fail', () => {
    const db = mysqlTarget.use();

    it('C-01 ends the task failed with a clear message when it may not be resumed, keeping its results', async () => {
      const store = await db().store();
      const task = await echoTask(store, 50, { delayMs: 60 });
      const first = startHostProcess(db().env);
      hosts.push(first);
      await waitFor('about 10 results', async () =>
        (await resultCount(store, task.id)) >= 10 ? true : undefined,
      );
      await first.kill();
      const kept = await resultCount(store, task.id);

      const second = startHostProcess({ ...db().env, AUTO_ANNOTATION_RECOVERY: 'fail' });
      hosts.push(second);
      const done = await taskEnded(store, task.id);
      await second.stop();
      assert.equal(done.status, 'failed');
      const dead = `\\S+:${first.child.pid}:\\w+`;
      assert.match(
        done.errorMessage ?? '',
        new RegExp(
          `^host ${dead} stopped beating after ${kept} files; AUTO_ANNOTATION_RECOVERY=fail`,
        ),
      );
      assert.equal(await resultCount(store, task.id), kept);
    });
  });
});
