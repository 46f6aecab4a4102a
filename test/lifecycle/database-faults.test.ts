import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import mysql from 'mysql2/promise';
import { silentLogger, type Store } from '@autoannotate/runtime';
import { isTransientDbError, withDbRetry } from '@autoannotate/runtime/storage/transient';
import { makeHarness, type Harness } from '../helpers/harness';
import { capturingLogger } from '../helpers/logs';
import { mysqlAddress } from '../helpers/mysql';
import { resultRows, setHeartbeat } from '../storage/support/sql-faults';
import { mustClaim, runningTask } from '../storage/support/seed';
import { mysqlTarget, type TestDb } from '../storage/support/store-targets';
import { FaultyProxy } from './support/tcp-proxy';
import { echoTask, resultCount, taskEnded } from './support/tasks';
import { waitFor } from './support/wait';

/** A store whose every connection goes through `proxy`, migrated unless the test says not. */
function proxiedStore(
  db: TestDb,
  proxy: FaultyProxy,
  options: Parameters<TestDb['unmigratedStore']>[0] = {},
): Store {
  return db.unmigratedStore({ ...options, via: { host: '127.0.0.1', port: proxy.port } });
}

/**
 * The database itself answers an insert of the given files' results with a deadlock error
 * (errno 1213), `times` times per file. The count is kept in a MEMORY table, which the rollback
 * of the failed statement does not undo.
 */
async function deadlockResultsOf(
  db: TestDb,
  fileIds: readonly number[],
  times: number,
): Promise<void> {
  const raw = db.raw();
  await sql
    .raw('create table test_fault_hits (file_id bigint not null) engine = memory')
    .execute(raw);
  await sql
    .raw(
      `create trigger test_deadlock_results before insert on t_dm_annotation_results for each row begin
      declare seen int default 0;
      select count(*) into seen from test_fault_hits where file_id = new.file_id;
      if new.file_id in (${fileIds.map(Number).join(', ')}) and seen < ${Number(times)} then
        insert into test_fault_hits (file_id) values (new.file_id);
        signal sqlstate '40001' set mysql_errno = 1213,
          message_text = 'Deadlock found when trying to get lock; try restarting transaction (injected)';
      end if;
    end`,
    )
    .execute(raw);
}

async function faultHits(db: TestDb): Promise<number> {
  const found = await sql<{ n: number }>`select count(*) as n from test_fault_hits`.execute(
    db.raw(),
  );
  return Number(found.rows[0]?.n ?? 0);
}

describe('database faults (mysql)', () => {
  const db = mysqlTarget.use();
  let proxy: FaultyProxy;
  let harness: Harness | undefined;
  beforeEach(async () => {
    proxy = await FaultyProxy.start(mysqlAddress());
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    await proxy.close();
  });

  it('a read whose connection is lost mid-query is asked again and answers', async () => {
    const store = proxiedStore(db(), proxy);
    await store.migrate();
    const { task } = await runningTask(store);
    proxy.hold();
    const reading = store.getTask(task.id);
    await sleep(100);
    proxy.cutConnections();
    proxy.release();
    assert.equal((await reading)?.id, task.id);
  });

  it('a real deadlock on a result write is classified as transient, retried, and the result lands once', async () => {
    const store = await db().store();
    const { task, lease, projectId, files } = await runningTask(store, { files: 3 });
    const other = await mysql.createConnection({ uri: db().env.DATABASE_URL });
    db().track(() => other.end());
    await other.query('create table test_weight (n int)');
    // The other transaction: heavy (the deadlock victim is the lighter one), holding the gap
    // where the result row goes.
    await other.query('begin');
    const weight = Array.from({ length: 200 }, (_, i) => `(${i})`).join(',');
    await other.query(`insert into test_weight (n) values ${weight}`);
    await other.query(
      'select * from t_dm_annotation_results where project_id = ? and file_id = ? for update',
      [projectId, files[0]!.id],
    );

    const { logger, lines } = capturingLogger('warn');
    const saving = withDbRetry(
      'save result',
      () => store.saveResults(lease, projectId, [{ fileId: files[0]!.id, result: { v: 1 } }]),
      logger,
    );
    const insertWaiting = async () => {
      const [rows] = await other.query(`select count(*) as n from information_schema.processlist
        where db = database() and command = 'Query' and info like 'insert into \`t_dm_annotation_results\`%'`);
      return Number((rows as Array<{ n: number }>)[0]?.n) > 0;
    };
    await waitFor('the result write to wait for the gap lock', async () => {
      if (!(await insertWaiting())) return undefined;
      await sleep(100);
      return (await insertWaiting()) ? true : undefined;
    });
    // Now each transaction waits for the other: InnoDB rolls back the lighter one, the result write.
    const locking = other.query(
      'select id from t_dm_auto_annotation_tasks where id = ? for update',
      [task.id],
    );
    await locking;
    await other.query('rollback');
    assert.equal(await saving, true);

    const retried = lines().filter((l) => l.msg === 'database operation failed, retrying');
    assert.equal(retried.length, 1);
    const err = retried[0]!.err as { code?: string; errno?: number };
    assert.deepEqual([err.code, err.errno], ['ER_LOCK_DEADLOCK', 1213]);
    assert.equal(isTransientDbError(err), true);
    assert.deepEqual(
      (await resultRows(db().raw(), task.id)).map((r) => r.fileId),
      [files[0]!.id],
    );
  });

  it('a run goes on through lost connections and a short outage, and ends with exact counts', async () => {
    const store = proxiedStore(db(), proxy);
    harness = await makeHarness({
      store,
      config: { fileWorkers: 3, progressIntervalSeconds: 0, heartbeatIntervalSeconds: 0.1 },
    });
    const direct = await db().store();
    const task = await echoTask(direct, 120, { delayMs: 15 });
    harness.host.start();
    await waitFor('10 results', async () =>
      (await resultCount(direct, task.id)) >= 10 ? true : undefined,
    );

    let faults = 0;
    for (;;) {
      const status = (await direct.getTask(task.id))?.status;
      if (status !== 'running' && status !== 'pending') break;
      faults += 1;
      if (faults === 4) {
        await proxy.refuse();
        await sleep(800);
        await proxy.resume();
      } else {
        proxy.cutConnections();
      }
      await sleep(150);
    }
    const done = await taskEnded(direct, task.id);
    assert.ok(faults >= 4, `${faults} faults during the run`);
    assert.deepEqual([done.status, done.processedImages, done.failedImages], ['completed', 120, 0]);
    assert.equal(await resultCount(direct, task.id), 120);
    assert.deepEqual(await direct.listFailures(task.id), []);
  });

  it('a deadlock on a result write during a run is retried and each file is written once', async () => {
    const store = await db().store();
    const { logger, lines } = capturingLogger('warn');
    harness = await makeHarness({ store, logger, config: { fileWorkers: 2 } });
    const task = await echoTask(store, 30);
    const files = await store.listDatasetFiles(task.datasetId, { afterId: 0, limit: 100 });
    await deadlockResultsOf(db(), [files[3]!.id, files[17]!.id, files[29]!.id], 2);

    assert.deepEqual(await harness.host.runUntilIdle(), ['completed']);
    assert.equal(await faultHits(db()), 6);
    const done = await store.getTask(task.id);
    assert.deepEqual([done?.processedImages, done?.failedImages], [30, 0]);
    const rows = await resultRows(db().raw(), task.id);
    assert.deepEqual(
      rows.map((r) => r.fileId),
      files.map((f) => f.id),
    );
    const retries = lines().filter((l) => l.msg === 'database operation failed, retrying');
    assert.equal(retries.length, 6);
    assert.ok(retries.every((l) => (l.err as { code?: string }).code === 'ER_LOCK_DEADLOCK'));
  });

  it('a result not saved through a long fault is not blamed on its file; the task is given back', async () => {
    const store = await db().store();
    harness = await makeHarness({ store, config: { fileWorkers: 2 } });
    const task = await echoTask(store, 20);
    const files = await store.listDatasetFiles(task.datasetId, { afterId: 0, limit: 100 });
    // More faults in a row than the run's retries: the first run cannot save file 5.
    await deadlockResultsOf(db(), [files[4]!.id], 8);
    const released: number[] = [];
    harness.host.events.on('task:released', (e) => released.push(e.counts.processedImages));

    assert.deepEqual(await harness.host.runUntilIdle(), ['released', 'completed']);
    assert.equal(released.length, 1);
    const done = await store.getTask(task.id);
    assert.deepEqual(
      [done?.status, done?.processedImages, done?.failedImages, done?.attempts],
      ['completed', 20, 0, 1],
    );
    assert.deepEqual(await store.listFailures(task.id), []);
    assert.equal(await resultCount(store, task.id), 20);
  });

  it('a host started while the database is down waits for it, then migrates and runs', async () => {
    const direct = await db().store();
    const task = await echoTask(direct, 5);
    await proxy.refuse();
    const { logger, lines } = capturingLogger('warn');
    const store = proxiedStore(db(), proxy, { logger, startupWaitMs: 30_000 });
    const starting = makeHarness({ store });
    await waitFor('a wait to be logged', () =>
      lines().some((l) => l.msg === 'database not reachable; waiting to migrate')
        ? true
        : undefined,
    );
    await proxy.resume();
    harness = await starting;
    assert.deepEqual(await harness.host.runUntilIdle(), ['completed']);
    assert.equal((await direct.getTask(task.id))?.processedImages, 5);
    const waited = lines().find((l) => l.msg === 'database not reachable; waiting to migrate');
    assert.equal((waited?.err as { code?: string }).code, 'ECONNREFUSED');
  });

  it('a host gives up starting, with the driver error, when the database stays down past the wait', async () => {
    await proxy.refuse();
    const store = proxiedStore(db(), proxy, { logger: silentLogger(), startupWaitMs: 300 });
    await assert.rejects(
      store.migrate(),
      (error: Error & { code?: string; cause?: { code?: string } }) => {
        assert.equal(error.code, 'AA_STORAGE');
        assert.equal(error.cause?.code, 'ECONNREFUSED');
        assert.match(error.message, /^cannot migrate the database: .*ECONNREFUSED/);
        return true;
      },
    );
  });

  it('recovery keeps trying while the database is down and recovers the stale task once it is back', async () => {
    const direct = await db().store();
    const task = await echoTask(direct, 10);
    const dead = await mustClaim(direct, 'dead-host');
    await setHeartbeat(db().raw(), task.id, Date.now() - 60_000);

    const { logger, lines } = capturingLogger('info');
    const store = proxiedStore(db(), proxy);
    harness = await makeHarness({
      store,
      logger,
      config: {
        heartbeatTimeoutSeconds: 5,
        recoveryIntervalSeconds: 0.2,
        pollIntervalSeconds: 0.1,
      },
    });
    await proxy.refuse();
    harness.host.start();
    const failedRounds = () =>
      lines().filter((l) => l.msg === 'stale task recovery failed; will retry');
    await waitFor('two failed recovery rounds', () =>
      failedRounds().length >= 2 ? true : undefined,
    );
    assert.equal(
      (await direct.getTask(task.id))?.runToken,
      dead.lease.runToken,
      'nothing changed while down',
    );
    await proxy.resume();

    const done = await taskEnded(direct, task.id);
    assert.deepEqual([done.status, done.processedImages, done.attempts], ['completed', 10, 2]);
    assert.ok(
      failedRounds().every((l) => isTransientDbError(l.err)),
      'each round failed on the connection',
    );
    const recovered = lines().find((l) => l.msg === 'stale task recovered');
    assert.deepEqual([recovered?.taskId, recovered?.action], [task.id, 'requeued']);
  });
});
