/** A counting semaphore: at most `limit` tasks run at once; the rest wait in FIFO order. The limit may change. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private current: number;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    this.current = limit;
  }

  get limit(): number {
    return this.current;
  }

  /** Changes how many run at once: a raise starts waiting tasks now, a cut lets running ones finish. */
  set limit(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    this.current = limit;
    this.wake();
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.current || this.waiting.length > 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.wake();
    }
  }

  /** Starts waiting tasks while there is room; a started task counts as active at once. */
  private wake(): void {
    while (this.active < this.current && this.waiting.length > 0) {
      this.active += 1;
      this.waiting.shift()!();
    }
  }
}

/** Maps items through `fn` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
