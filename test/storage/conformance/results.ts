import assert from 'node:assert/strict';
import { putBackToPending, resultRows } from '../support/sql-faults';
import { mustClaim, runningTask } from '../support/seed';
import type { TestDb } from '../support/store-targets';

export function resultCases(db: () => TestDb): void {
  it('keeps one failure row per failed file across runs, and none once the file succeeds', async () => {
    const store = await db().store();
    const raw = db().raw();
    const first = await runningTask(store, { files: 3 });
    const [a, b] = first.files;
    const fail = (fileId: number, reason: string) => [{ fileId, filePath: `f${fileId}`, reason }];
    assert.equal(await store.recordFailures(first.lease, fail(a!.id, 'first run, a')), true);
    assert.equal(await store.recordFailures(first.lease, fail(b!.id, 'first run, b')), true);

    await putBackToPending(raw, first.task.id);
    const second = await mustClaim(store, 'host-b');
    assert.equal(await store.recordFailures(second.lease, fail(b!.id, 'second run, b')), true);
    const written = [{ fileId: a!.id, result: { ok: true }, regionCount: 1 }];
    assert.equal(await store.saveResults(second.lease, first.projectId, written), true);

    const failures = await store.listFailures(first.task.id);
    assert.deepEqual(
      failures.map((f) => [f.fileId, f.reason]),
      [[b!.id, 'second run, b']],
    );
  });

  it('writing a file again replaces its result: one row per project and file', async () => {
    const store = await db().store();
    const raw = db().raw();
    const first = await runningTask(store, { files: 3 });
    const file = first.files[0]!.id;
    const write = (v: number, regionCount: number) => [
      { fileId: file, result: { v }, regionCount },
    ];
    assert.equal(await store.saveResults(first.lease, first.projectId, write(1, 2)), true);
    assert.equal(await store.saveResults(first.lease, first.projectId, write(1, 2)), true);
    assert.equal(await store.saveResults(first.lease, first.projectId, write(2, 3)), true);
    assert.equal(await store.countResults(first.projectId), 1);

    await putBackToPending(raw, first.task.id);
    const second = await mustClaim(store, 'host-b');
    const project = await store.ensureLabelingProject(second.lease, {
      datasetId: 0,
      name: 'ignored',
      configuration: '',
    });
    assert.equal(project.id, first.projectId, 'a later run of the task keeps its project');
    assert.equal(await store.saveResults(second.lease, project.id, write(3, 1)), true);

    const stored = await store.listResults(project.id, { afterFileId: 0, limit: 10 });
    assert.deepEqual(
      stored.map((r) => [r.fileId, r.result]),
      [[file, { v: 3 }]],
    );
    assert.equal(await store.sumRegions(project.id), 1);
    assert.deepEqual(await resultRows(raw, first.task.id), [
      { fileId: file, runToken: second.lease.runToken },
    ]);
  });

  it('pages results in file id order, counts them, sums their regions and lists their files', async () => {
    const store = await db().store();
    const { lease, projectId, files } = await runningTask(store, { files: 7 });
    const shuffled = [files[4]!, files[0]!, files[6]!, files[2]!, files[1]!];
    for (const [i, f] of shuffled.entries()) {
      assert.equal(
        await store.saveResults(lease, projectId, [
          { fileId: f.id, result: { i }, regionCount: i },
        ]),
        true,
      );
    }
    const ids = shuffled.map((f) => f.id).sort((a, b) => a - b);
    const page1 = await store.listResults(projectId, { afterFileId: 0, limit: 3 });
    const page2 = await store.listResults(projectId, { afterFileId: page1[2]!.fileId, limit: 3 });
    assert.deepEqual(
      [...page1, ...page2].map((r) => r.fileId),
      ids,
    );
    assert.ok(page1.every((r) => r.projectId === projectId && r.updatedAt > 0));
    assert.equal(await store.countResults(projectId), 5);
    assert.equal(await store.sumRegions(projectId), 0 + 1 + 2 + 3 + 4);
    assert.deepEqual(
      [...(await store.listResultFileIds(projectId))].sort((a, b) => a - b),
      ids,
    );
    assert.equal(await store.countResults(projectId + 1000), 0);
    assert.equal(await store.sumRegions(projectId + 1000), 0);
  });

  it('writes several results at once, all or none', async () => {
    const store = await db().store();
    const { lease, projectId, files } = await runningTask(store, { files: 3 });
    const batch = files.map((f) => ({ fileId: f.id, result: { f: f.filePath }, regionCount: 1 }));
    assert.equal(await store.saveResults(lease, projectId, batch), true);
    assert.equal(await store.countResults(projectId), 3);
    assert.equal(await store.saveResults(lease, projectId, []), true);
  });

  it('writes a batch of 450 files, replacing the earlier results among them', async () => {
    const store = await db().store();
    const { lease, projectId, files } = await runningTask(store, { files: 450 });
    const earlier = files
      .slice(0, 50)
      .map((f) => ({ fileId: f.id, result: { v: 1 }, regionCount: 9 }));
    assert.equal(await store.saveResults(lease, projectId, earlier), true);
    const batch = files.map((f, i) => ({ fileId: f.id, result: { v: 2, i }, regionCount: i % 3 }));
    assert.equal(await store.saveResults(lease, projectId, batch), true);

    assert.equal(await store.countResults(projectId), 450);
    assert.equal(
      await store.sumRegions(projectId),
      batch.reduce((n, r) => n + r.regionCount, 0),
    );
    const stored = await store.listResults(projectId, { afterFileId: 0, limit: 500 });
    assert.deepEqual(
      stored.map((r) => [r.fileId, r.result]),
      files.map((f, i) => [f.id, { v: 2, i }]),
    );
  });

  it('writes a batch of large results whole, each one intact', async () => {
    const store = await db().store();
    const { lease, projectId, files } = await runningTask(store, { files: 4 });
    // About 1.5 MB each: more than one statement's worth together.
    const big = (i: number) => ({ i, text: String(i).repeat(1_500_000) });
    const batch = files.map((f, i) => ({ fileId: f.id, result: big(i), regionCount: 1 }));
    assert.equal(await store.saveResults(lease, projectId, batch), true);
    const stored = await store.listResults(projectId, { afterFileId: 0, limit: 10 });
    assert.deepEqual(
      stored.map((r) => r.result),
      files.map((_, i) => big(i)),
    );
  });

  it('records failures with their reasons in order, capping very long reasons', async () => {
    const store = await db().store();
    const { task, lease, files } = await runningTask(store, { files: 4 });
    const long = 'x'.repeat(5000);
    assert.equal(
      await store.recordFailures(lease, [
        { fileId: files[2]!.id, filePath: files[2]!.filePath, reason: 'cut off JPEG' },
        { fileId: files[0]!.id, filePath: files[0]!.filePath, reason: long },
      ]),
      true,
    );
    const last = files[3]!;
    const empty = { fileId: last.id, filePath: last.filePath, reason: '0 bytes' };
    assert.equal(await store.recordFailures(lease, [empty]), true);
    const failures = await store.listFailures(task.id);
    assert.deepEqual(
      failures.map((f) => [f.fileId, f.filePath, f.reason.length]),
      [
        [files[2]!.id, files[2]!.filePath, 12],
        [files[0]!.id, files[0]!.filePath, 2000],
        [last.id, last.filePath, 7],
      ],
    );
    assert.equal((await store.listFailures(task.id, 1)).length, 1);
    assert.deepEqual(await store.listFailures(task.id + 1000), []);
  });
}
