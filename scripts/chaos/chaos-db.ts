import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { openMysqlStore, registerFolder, type Store } from '@autoannotate/runtime';

/** A database of its own on the server of `serverUrl`, dropped by `drop()`. */
export async function createChaosDatabase(
  serverUrl: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `aa_chaos_${randomBytes(5).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: serverUrl, connectTimeout: 5000 });
  try {
    await admin.query(`create database \`${name}\``);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const again = await mysql.createConnection({ uri: serverUrl, connectTimeout: 5000 });
      try {
        await again.query(`drop database if exists \`${name}\``);
      } finally {
        await again.end();
      }
    },
  };
}

/** Migrates the database and submits `tasks` echo tasks over the files of `folder`. */
export async function seedTasks(
  url: string,
  folder: string,
  tasks: number,
  delayMs: number,
): Promise<number[]> {
  const store: Store = openMysqlStore(url, 2);
  try {
    await store.migrate();
    const { dataset } = await registerFolder(store, folder, 'chaos files');
    const ids: number[] = [];
    for (let i = 0; i < tasks; i++) {
      const task = await store.createTask({
        name: `chaos ${i + 1}`,
        datasetId: dataset.id,
        taskType: 'echo',
        pipeline: [{ operator: 'echo-text', params: { delayMs } }],
      });
      ids.push(task.id);
    }
    return ids;
  } finally {
    await store.close();
  }
}

export interface TaskRow {
  readonly id: number;
  readonly status: string;
  readonly hostId: string | null;
}

/** Plain queries the chaos run watches and checks with, on one connection of its own. */
export class ChaosProbe {
  private constructor(private readonly connection: mysql.Connection) {}

  static async open(url: string): Promise<ChaosProbe> {
    return new ChaosProbe(await mysql.createConnection({ uri: url, connectTimeout: 5000 }));
  }

  async close(): Promise<void> {
    await this.connection.end();
  }

  async tasks(ids?: readonly number[]): Promise<TaskRow[]> {
    if (ids && ids.length === 0) return [];
    const where = ids ? `where id in (${ids.map(Number).join(',')})` : '';
    const [rows] = await this.connection.query(
      `select id, status, host_id from t_dm_auto_annotation_tasks ${where}`,
    );
    return (rows as Array<{ id: number; status: string; host_id: string | null }>).map((r) => ({
      id: Number(r.id),
      status: r.status,
      hostId: r.host_id,
    }));
  }

  async runningOn(hostId: string): Promise<number[]> {
    const [rows] = await this.connection.query(
      "select id from t_dm_auto_annotation_tasks where status = 'running' and host_id = ?",
      [hostId],
    );
    return (rows as Array<{ id: number }>).map((r) => Number(r.id));
  }

  /** The figures the run is judged by. */
  async verdict(filesPerTask: number): Promise<Verdict> {
    const [statusRows] = await this.connection.query(
      'select status, count(*) as n from t_dm_auto_annotation_tasks group by status',
    );
    const byStatus = Object.fromEntries(
      (statusRows as Array<{ status: string; n: number }>).map((r) => [r.status, Number(r.n)]),
    );
    const [perTask] = await this.connection.query(`
      select t.id, t.status, t.processed_images as processed, t.failed_images as failed,
        (select count(*) from t_dm_annotation_results r where r.task_id = t.id) as results,
        (select count(distinct r.file_id) from t_dm_annotation_results r where r.task_id = t.id) as files,
        (select count(*) from t_dm_auto_annotation_failures f where f.task_id = t.id) as failures
      from t_dm_auto_annotation_tasks t`);
    const tasks = perTask as Array<Record<string, number | string>>;
    const completed = tasks.filter((t) => t.status === 'completed');
    const [dupRows] = await this.connection
      .query(`select count(*) as n from (select project_id, file_id
      from t_dm_annotation_results group by project_id, file_id having count(*) > 1) d`);
    const [rewrittenRows] = await this.connection.query(
      'select count(*) as n from t_dm_annotation_results where updated_at <> created_at',
    );
    return {
      byStatus,
      expectedResults: completed.length * filesPerTask,
      foundResults: completed.reduce((sum, t) => sum + Number(t.results), 0),
      lostResults: completed.reduce(
        (sum, t) => sum + Math.max(0, filesPerTask - Number(t.files)),
        0,
      ),
      duplicateRows: Number((dupRows as Array<{ n: number }>)[0]?.n ?? 0),
      rewrittenResults: Number((rewrittenRows as Array<{ n: number }>)[0]?.n ?? 0),
      countMismatches: tasks.filter(
        (t) =>
          t.status !== 'pending' &&
          t.status !== 'running' &&
          Number(t.processed) !== Number(t.results) + Number(t.failures),
      ).length,
    };
  }
}

export interface Verdict {
  readonly byStatus: Record<string, number>;
  /** Completed tasks x files per task. */
  readonly expectedResults: number;
  /** Result rows of completed tasks. */
  readonly foundResults: number;
  /** Files of completed tasks without a result. */
  readonly lostResults: number;
  /** (project, file) pairs with more than one row. */
  readonly duplicateRows: number;
  /** Results written a second time over the first (two runs wrote one file). */
  readonly rewrittenResults: number;
  /** Ended tasks whose stored processed count differs from their result and failure rows. */
  readonly countMismatches: number;
}
