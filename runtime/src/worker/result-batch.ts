/**
 * Gathers the results of finished files and hands them to `write` together: once `maxItems`
 * are waiting or `lingerMs` after the first of them, whichever comes first, and on `flush()`.
 * One write runs at a time; results that arrive meanwhile go in the next one. `add` returns at
 * once unless its result filled a batch: then the caller waits for that batch to be written,
 * which holds the file workers back (and memory bounded) while the database is slow.
 * `write` must handle its own errors: a rejected write would stop every later one.
 */
export class ResultBatch<T> {
  private waiting: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly lingerMs: number,
    private readonly maxItems: number,
  ) {}

  async add(item: T): Promise<void> {
    this.waiting.push(item);
    if (this.waiting.length >= this.maxItems) return this.flush();
    this.timer ??= setTimeout(() => void this.flush(), this.lingerMs);
  }

  /** Writes whatever is waiting; resolves once every write started so far has finished. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.waiting;
    this.waiting = [];
    if (items.length > 0) this.writing = this.writing.then(() => this.write(items));
    return this.writing;
  }
}
