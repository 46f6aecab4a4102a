/**
 * A limit on calls in flight to one model, shared by every operator of the process that uses
 * the same model id, so two operators (or two tasks) on one endpoint do not add up their limits.
 *
 * Own code rather than a library semaphore because the limit must follow the newest model
 * config while calls are in flight, and a wait must end when the file's AbortSignal fires.
 */
export class ModelSlots {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {}

  /** Applies a new limit; calls already in flight finish, new ones wait for the lower limit. */
  setLimit(limit: number): void {
    this.limit = limit;
    this.wakeWaiters();
  }

  /** Runs `work` once a slot is free; gives up waiting (with the signal's reason) on abort. */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
      this.wakeWaiters();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.inFlight < this.limit) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(signal?.reason);
      };
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.inFlight += 1;
        resolve();
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wakeWaiters(): void {
    while (this.inFlight < this.limit && this.waiting.length > 0) this.waiting.shift()?.();
  }
}

const slotsByModel = new Map<string, ModelSlots>();

/** The process-wide slots of `modelId`, created on first use, limit set from the newest config. */
export function slotsForModel(modelId: string, limit: number): ModelSlots {
  let slots = slotsByModel.get(modelId);
  if (slots === undefined) {
    slots = new ModelSlots(limit);
    slotsByModel.set(modelId, slots);
  } else {
    slots.setLimit(limit);
  }
  return slots;
}
