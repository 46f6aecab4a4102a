import type { RunLease, Store } from '@autoannotate/runtime';

/** A global order of events in this process, shared by recorders and tests. */
let tick = 0;
export const nextTick = (): number => ++tick;

/**
 * Holds a host's fenced writes back while closed, as a long GC pause or a stalled network would:
 * they reach the database only when it opens again.
 */
export class WriteGate {
  private opened: Promise<void> = Promise.resolve();
  private openNow: (() => void) | undefined;

  close(): void {
    if (this.openNow) return;
    this.opened = new Promise((resolve) => {
      this.openNow = resolve;
    });
  }

  open(): void {
    this.openNow?.();
    this.openNow = undefined;
  }

  passed(): Promise<void> {
    return this.opened;
  }
}

/** One fenced write a run asked for and what the store answered. */
export interface WriteAttempt {
  readonly method: string;
  readonly runToken: string;
  /** `nextTick()` when the write went to the database (after any gate). */
  readonly sentAt: number;
  /** True when the store took the write, false when the fence refused it; unset while pending. */
  accepted?: boolean;
}

const FENCED = new Set([
  'heartbeat',
  'writeProgress',
  'saveResults',
  'recordFailures',
  'finishRun',
  'releaseRun',
  'ensureLabelingProject',
]);

function acceptedFrom(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'object' && value !== null && 'owned' in value)
    return (value as { owned: boolean }).owned;
  return true;
}

/**
 * The store as one host sees it, recording every fenced write it asks for and counting every
 * call by method. `close()` does nothing when `shared`: the test closes the real store.
 */
export function recordingStore(store: Store, options: { shared?: boolean; gate?: WriteGate } = {}) {
  const attempts: WriteAttempt[] = [];
  const calls = new Map<string, number>();
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      if (property === 'close' && options.shared) return async () => undefined;
      const call = (args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
      return (...args: unknown[]) => {
        calls.set(property, (calls.get(property) ?? 0) + 1);
        if (!FENCED.has(property)) return call(args);
        const runToken = (args[0] as RunLease).runToken;
        return (options.gate?.passed() ?? Promise.resolve()).then(async () => {
          const attempt: WriteAttempt = { method: property, runToken, sentAt: nextTick() };
          attempts.push(attempt);
          try {
            const answer = await call(args);
            attempt.accepted = acceptedFrom(answer);
            return answer;
          } catch (error) {
            attempt.accepted = false;
            throw error;
          }
        });
      };
    },
  });
  return { store: wrapped as Store, attempts, calls: (method: string) => calls.get(method) ?? 0 };
}
