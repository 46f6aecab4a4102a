/**
 * Runs `work` over an async sequence with at most `concurrency` items in flight. Items are
 * pulled lazily, so a dataset is read page by page and never held whole. Lanes stop pulling as
 * soon as `keepGoing()` turns false; items already started finish.
 */
export async function forEachBounded<T>(
  items: AsyncIterable<T>,
  concurrency: number,
  keepGoing: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  // Async iterators must not be advanced concurrently: chain the next() calls.
  let pulling: Promise<unknown> = Promise.resolve();
  const pull = (): Promise<IteratorResult<T>> => {
    const next = pulling.then(() => iterator.next());
    pulling = next.catch(() => undefined);
    return next;
  };

  const lane = async (): Promise<void> => {
    while (keepGoing()) {
      const next = await pull();
      if (next.done) return;
      await work(next.value);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  } finally {
    await iterator.return?.();
  }
}
