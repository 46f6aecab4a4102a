import Database from 'better-sqlite3';

/** Row writes the database itself counted, per table, since the triggers were installed. */
export interface WriteCounts {
  readonly taskRow: number;
  /** Of those, updates that changed nothing: the row lock SQLite takes before a result write. */
  readonly taskRowLockOnly: number;
  readonly results: number;
}

const TABLES = {
  taskRow: 't_dm_auto_annotation_tasks',
  results: 't_dm_annotation_results',
} as const;

/**
 * Counts writes with SQLite triggers on the task and result tables: every INSERT or UPDATE that
 * lands, from any code path, bumps a counter row. The runtime's own code is untouched.
 */
export class WriteCounter {
  constructor(private readonly file: string) {}

  install(): void {
    const db = new Database(this.file);
    try {
      db.exec(
        'CREATE TABLE IF NOT EXISTS bench_writes (name TEXT PRIMARY KEY, n INTEGER NOT NULL)',
      );
      db.prepare(
        "INSERT OR REPLACE INTO bench_writes (name, n) VALUES ('taskRowLockOnly', 0)",
      ).run();
      db.exec(`CREATE TRIGGER IF NOT EXISTS bench_task_row_lock_only AFTER UPDATE ON ${TABLES.taskRow}
        WHEN NEW.updated_at IS OLD.updated_at AND NEW.status IS OLD.status
          AND NEW.processed_images IS OLD.processed_images AND NEW.heartbeat_at IS OLD.heartbeat_at
        BEGIN UPDATE bench_writes SET n = n + 1 WHERE name = 'taskRowLockOnly'; END`);
      for (const [name, table] of Object.entries(TABLES)) {
        db.prepare('INSERT OR REPLACE INTO bench_writes (name, n) VALUES (?, 0)').run(name);
        for (const event of ['INSERT', 'UPDATE']) {
          db.exec(`CREATE TRIGGER IF NOT EXISTS bench_${name}_${event.toLowerCase()} AFTER ${event} ON ${table}
            BEGIN UPDATE bench_writes SET n = n + 1 WHERE name = '${name}'; END`);
        }
      }
    } finally {
      db.close();
    }
  }

  read(): WriteCounts {
    const db = new Database(this.file, { readonly: true });
    try {
      const rows = db.prepare('SELECT name, n FROM bench_writes').all() as Array<{
        name: string;
        n: number;
      }>;
      const of = (name: string) => rows.find((r) => r.name === name)?.n ?? 0;
      return {
        taskRow: of('taskRow'),
        taskRowLockOnly: of('taskRowLockOnly'),
        results: of('results'),
      };
    } finally {
      db.close();
    }
  }
}
