import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

/** The MariaDB/MySQL server the MySQL tests use; a database `aa_test_<random>` is made per file. */
export const MYSQL_URL = process.env.MYSQL_URL || 'mysql://root@127.0.0.1:3306/test';

/** Under CI a missing server fails the MySQL tests; elsewhere they are skipped with a message. */
export const mysqlRequired = process.env.CI === 'true';

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Host and port of the server in MYSQL_URL. */
export function mysqlAddress(): { host: string; port: number } {
  const parsed = new URL(MYSQL_URL);
  return { host: parsed.hostname, port: Number(parsed.port || 3306) };
}

/** MYSQL_URL pointing at another database, optionally reached through `via` (e.g. a proxy). */
export function urlForDatabase(name: string, via?: { host: string; port: number }): string {
  const parsed = new URL(MYSQL_URL);
  parsed.pathname = `/${name}`;
  if (via) {
    parsed.hostname = via.host;
    parsed.port = String(via.port);
  }
  return parsed.toString();
}

let probe: Promise<string | undefined> | undefined;

/** Why the server cannot be used, or undefined when it answers. Asked once per process. */
export function mysqlUnavailable(): Promise<string | undefined> {
  probe ??= (async () => {
    try {
      const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 3000 });
      await connection.query('select 1');
      await connection.end();
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  })();
  return probe;
}

let skipNoticeShown = false;

/**
 * For a suite's `before` hook: under CI fails when the server cannot be reached, elsewhere skips
 * the suite and says why once.
 */
export async function requireMysql(context: Mocha.Context): Promise<void> {
  const reason = await mysqlUnavailable();
  if (reason === undefined) return;
  const what = `MySQL/MariaDB at ${redactedUrl(MYSQL_URL)} is not reachable (${reason})`;
  if (mysqlRequired)
    throw new Error(`${what}; CI=true requires it (see .ci/run for how it starts)`);
  if (!skipNoticeShown) {
    skipNoticeShown = true;
    process.stderr.write(
      `\n  skipping MySQL tests: ${what}. Start MariaDB or set MYSQL_URL; ` +
        'with CI=true these tests fail instead.\n\n',
    );
  }
  context.skip();
}

export interface TestDatabase {
  readonly name: string;
  /** URL of the new database, same server, user and options as MYSQL_URL. */
  readonly url: string;
  drop(): Promise<void>;
}

/** Runs statements on the server outside any test database (create, drop, triggers). */
export async function withServerConnection<T>(
  work: (connection: mysql.Connection) => Promise<T>,
  url = MYSQL_URL,
): Promise<T> {
  const connection = await mysql.createConnection({
    uri: url,
    connectTimeout: 5000,
    multipleStatements: false,
  });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/**
 * Creates an empty database `aa_test_<random>`. `charset` picks the database's default
 * character set and collation, e.g. to check that migrations do not rely on the server's.
 */
export async function createTestDatabase(charset?: {
  set: string;
  collation: string;
}): Promise<TestDatabase> {
  const name = `aa_test_${randomBytes(6).toString('hex')}`;
  const defaults = charset ? ` character set ${charset.set} collate ${charset.collation}` : '';
  await withServerConnection((c) => c.query(`create database \`${name}\`${defaults}`));
  return {
    name,
    url: urlForDatabase(name),
    drop: () =>
      withServerConnection((c) => c.query(`drop database if exists \`${name}\``)).then(
        () => undefined,
      ),
  };
}

/**
 * Registers hooks in the calling `describe`: checks the server (see `requireMysql`), creates this
 * suite's own database before its tests (then runs `prepare` on it, e.g. to migrate it) and drops
 * it after them. Returns the database.
 */
export function useMysqlDatabase(
  prepare?: (database: TestDatabase) => Promise<void>,
): () => TestDatabase {
  let database: TestDatabase | undefined;
  before(async function () {
    await requireMysql(this);
    database = await createTestDatabase();
    await prepare?.(database);
  });
  after(async () => {
    await database?.drop();
  });
  return () => {
    if (!database)
      throw new Error('the MySQL test database is made in before(); use it inside a test');
    return database;
  };
}
