import assert from 'node:assert/strict';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { silentLogger } from '@autoannotate/runtime';
import {
  isConflictDbError,
  isTransientDbError,
  withDbRetry,
} from '@autoannotate/runtime/storage/transient';
import { urlForDatabase, useMysqlDatabase } from '../helpers/mysql';
import { tempDir } from '../helpers/temp';

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; errno?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; errno?: number };
  }
  throw new Error('expected the statement to fail');
}

describe('transient database errors', () => {
  describe('as the MySQL driver raises them', () => {
    const database = useMysqlDatabase();
    const open: mysql.Connection[] = [];
    const connect = async () => {
      const connection = await mysql.createConnection({ uri: database().url });
      open.push(connection);
      return connection;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((c) => c.end().catch(() => undefined)));
    });

    it('retries a refused connection', async () => {
      const nowhere = urlForDatabase('test', { host: '127.0.0.1', port: 1 });
      const error = await failure(mysql.createConnection({ uri: nowhere }));
      assert.equal(error.code, 'ECONNREFUSED');
      assert.equal(isTransientDbError(error), true);
    });

    it('retries a connection the server killed mid-query', async () => {
      const victim = await connect();
      const admin = await connect();
      const [[{ id }]] = (await victim.query('select connection_id() as id')) as unknown as [
        [{ id: number }],
      ];
      const running = failure(victim.query('select sleep(5)'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await admin.query(`kill connection ${Number(id)}`);
      const error = await running;
      assert.ok(
        ['PROTOCOL_CONNECTION_LOST', 'ER_CONNECTION_KILLED'].includes(error.code ?? ''),
        error.code,
      );
      assert.equal(isTransientDbError(error), true);
    });

    it('retries a lock wait timeout and counts it as a lost race', async () => {
      const holder = await connect();
      const waiter = await connect();
      await holder.query('create table test_locked (id int primary key, v int)');
      await holder.query('insert into test_locked values (1, 0)');
      await holder.query('begin');
      await holder.query('select * from test_locked where id = 1 for update');
      await waiter.query('set session innodb_lock_wait_timeout = 1');
      const error = await failure(waiter.query('update test_locked set v = 1 where id = 1'));
      await holder.query('rollback');
      assert.deepEqual([error.code, error.errno], ['ER_LOCK_WAIT_TIMEOUT', 1205]);
      assert.equal(isTransientDbError(error), true);
      assert.equal(isConflictDbError(error), true);
    });

    it('does not retry a statement that is wrong or breaks a constraint', async () => {
      const connection = await connect();
      await connection.query('create table test_unique (id int primary key)');
      await connection.query('insert into test_unique values (1)');
      const duplicate = await failure(connection.query('insert into test_unique values (1)'));
      const syntax = await failure(connection.query('selec 1'));
      const missing = await failure(connection.query('select * from test_nowhere'));
      assert.deepEqual(
        [duplicate.code, syntax.code, missing.code],
        ['ER_DUP_ENTRY', 'ER_PARSE_ERROR', 'ER_NO_SUCH_TABLE'],
      );
      for (const error of [duplicate, syntax, missing])
        assert.equal(isTransientDbError(error), false, error.code);
    });
  });

  it('retries SQLite busy and locked errors, as better-sqlite3 raises them', () => {
    const file = path.join(tempDir('aa-busy-'), 'busy.sqlite');
    const holder = new BetterSqlite3(file);
    const other = new BetterSqlite3(file, { timeout: 0 });
    try {
      holder.exec('create table t (v int)');
      holder.exec('begin immediate');
      let error: (Error & { code?: string }) | undefined;
      try {
        other.exec('begin immediate');
      } catch (caught) {
        error = caught as Error & { code?: string };
      }
      holder.exec('rollback');
      assert.match(error?.code ?? '', /^SQLITE_BUSY/);
      assert.equal(isTransientDbError(error), true);
      assert.equal(isConflictDbError(error), true);
    } finally {
      holder.close();
      other.close();
    }
  });

  it('knows the error numbers of servers mysql2 has no names for (TiDB, group replication)', () => {
    for (const errno of [9007, 8022, 8028, 9001, 9002, 9005, 3101, 1927, 4031]) {
      assert.equal(
        isTransientDbError({ errno, code: undefined, message: 'from the server' }),
        true,
        String(errno),
      );
    }
    assert.equal(isConflictDbError({ errno: 9007, message: 'Write conflict' }), true);
    assert.equal(isTransientDbError({ errno: 1062, code: 'ER_DUP_ENTRY' }), false);
    assert.equal(isTransientDbError({ errno: -111, code: 'SOMETHING_ELSE' }), false);
    assert.equal(
      isTransientDbError(new Error("Can't add new command when connection is in closed state")),
      true,
    );
    assert.equal(isTransientDbError('a string'), false);
  });

  it('withDbRetry tries a transient fault again and gives a permanent one back at once', async () => {
    let calls = 0;
    const answer = await withDbRetry(
      'flaky',
      async () => {
        calls += 1;
        if (calls < 3)
          throw Object.assign(new Error('Deadlock found'), {
            code: 'ER_LOCK_DEADLOCK',
            errno: 1213,
          });
        return 'done';
      },
      silentLogger(),
      { firstDelayMs: 1 },
    );
    assert.deepEqual([answer, calls], ['done', 3]);

    let permanentCalls = 0;
    await assert.rejects(
      withDbRetry(
        'broken',
        async () => {
          permanentCalls += 1;
          throw Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY', errno: 1062 });
        },
        silentLogger(),
        { firstDelayMs: 1 },
      ),
      { code: 'ER_DUP_ENTRY' },
    );
    assert.equal(permanentCalls, 1);
  });
});
